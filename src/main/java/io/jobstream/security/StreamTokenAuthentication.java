package io.jobstream.security;

import io.jobstream.job.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a stream token: its caller, with {@code jobs:read} (and {@code jobs:admin} if the caller had it). */
final class StreamTokenAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    StreamTokenAuthentication(Caller caller) {
        super(
                caller.admin()
                        ? List.of(
                                new SimpleGrantedAuthority(Scopes.authority(Scopes.READ)),
                                new SimpleGrantedAuthority(Scopes.authority(Scopes.ADMIN)))
                        : List.of(new SimpleGrantedAuthority(Scopes.authority(Scopes.READ))));
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public String getName() {
        return caller.subject();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.subject();
    }
}
