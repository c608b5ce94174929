package io.jobstream.support;

import java.util.Map;

/** Access tokens from the test issuer, signed like a real one and validated as such. */
public final class Tokens {

    public static final String READ_WRITE = "jobs:read jobs:write";

    private Tokens() {}

    /** A token with the read and write scopes, as most users have. */
    public static String forUser(String subject) {
        return forUser(subject, READ_WRITE);
    }

    /** A token with these claims beside its subject ({@code scope}, {@code job_types}, ...). */
    public static String withClaims(String subject, Map<String, Object> claims) {
        return TestInfrastructure.issuer()
                .issueToken(TestInfrastructure.ISSUER_ID, subject, "jobstream", claims)
                .serialize();
    }

    /** A token with exactly these (space-separated) scopes. */
    public static String forUser(String subject, String scopes) {
        return TestInfrastructure.issuer()
                .issueToken(TestInfrastructure.ISSUER_ID, subject, "jobstream", Map.of("scope", scopes))
                .serialize();
    }
}
