package io.jobstream.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API key: the key's owner, with the key's scopes as the same
 * {@code SCOPE_} authorities a JWT's {@code scope} claim gives, so every scope and ownership rule
 * applies to it unchanged. It holds no credential: the key is not kept past its check.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final VerifiedKey key;

    ApiKeyAuthentication(VerifiedKey key) {
        super(key.scopes().stream()
                .sorted()
                .map(scope -> new SimpleGrantedAuthority(Scopes.authority(scope)))
                .toList());
        this.key = key;
        setDetails(key.prefix());
        setAuthenticated(true);
    }

    @Override
    public String getName() {
        return key.owner();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return key.owner();
    }
}
