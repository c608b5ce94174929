package io.jobstream.security;

import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;

/**
 * What an authenticated caller holds, for features that hand part of it on (an API key gets
 * scopes within its creator's).
 */
public final class Credentials {

    private static final String SCOPE = Scopes.authority("");

    private Credentials() {}

    /** Whether the request was authenticated by an API key (rather than an OIDC token). */
    public static boolean isApiKey(Principal principal) {
        return principal instanceof ApiKeyAuthentication;
    }

    /**
     * The scopes the caller may pass on to a key: its own, {@code jobs:read} and {@code jobs:write}
     * too if it has {@code jobs:admin}, which implies them; but {@code jobs:work} only if the
     * caller's worker grant is not restricted to some job types ({@link WorkerGrants}): a key has
     * no such restriction, so it would widen the grant.
     */
    public static Set<String> delegable(Principal principal) {
        Set<String> scopes = new TreeSet<>();
        if (principal instanceof Authentication authentication) {
            authentication.getAuthorities().stream()
                    .map(granted -> granted.getAuthority())
                    .filter(authority -> authority != null && authority.startsWith(SCOPE))
                    .map(authority -> authority.substring(SCOPE.length()))
                    .forEach(scopes::add);
        }
        if (scopes.contains(Scopes.ADMIN)) {
            scopes.add(Scopes.READ);
            scopes.add(Scopes.WRITE);
        }
        if (WorkerGrants.jobTypes(principal) != null) {
            scopes.remove(Scopes.WORK);
        }
        return scopes;
    }
}
