package io.jobstream.security;

import java.security.Principal;
import org.springframework.security.core.Authentication;

/**
 * The OAuth scopes jobstream checks, as the {@code scope} claim of a token carries them.
 * {@code jobs:admin} implies read and write and reaches every user's jobs. {@code jobs:work}
 * is an external worker's, and only lets it claim and report on jobs of external types
 * ({@code /api/workers/**}); no other scope implies it, not even {@code jobs:admin}: a worker's
 * credential is a role of its own, and an operator's token must not take work from the workers
 * by mistake.
 */
public final class Scopes {

    public static final String READ = "jobs:read";
    public static final String WRITE = "jobs:write";
    public static final String ADMIN = "jobs:admin";
    public static final String WORK = "jobs:work";

    private Scopes() {}

    static String authority(String scope) {
        return "SCOPE_" + scope;
    }

    public static boolean isAdmin(Principal principal) {
        return principal instanceof Authentication authentication
                && authentication.getAuthorities().stream()
                        .anyMatch(granted -> authority(ADMIN).equals(granted.getAuthority()));
    }
}
