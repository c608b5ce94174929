package io.jobstream.security;

import java.security.Principal;
import org.springframework.security.core.Authentication;

/**
 * The OAuth scopes jobstream checks, as the {@code scope} claim of a token carries them.
 * {@code jobs:admin} implies the other two and reaches every user's jobs.
 */
public final class Scopes {

    public static final String READ = "jobs:read";
    public static final String WRITE = "jobs:write";
    public static final String ADMIN = "jobs:admin";

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
