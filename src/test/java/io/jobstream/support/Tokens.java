package io.jobstream.support;

import java.util.Map;

/** Access tokens from the test issuer, signed like a real one and validated as such. */
public final class Tokens {

    private Tokens() {}

    public static String forUser(String subject) {
        return TestInfrastructure.issuer()
                .issueToken(TestInfrastructure.ISSUER_ID, subject, "jobstream", Map.of())
                .serialize();
    }
}
