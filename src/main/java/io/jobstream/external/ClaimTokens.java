package io.jobstream.external;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Claim tokens: 256 random bits, base64url without padding, one per attempt. Only their
 * SHA-256 (base64url too) is stored, so a leak of the database does not let anyone report
 * on a running job.
 */
final class ClaimTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ClaimTokens() {}

    static String newToken() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return BASE64URL.encodeToString(bits);
    }

    static String hash(String token) {
        try {
            return BASE64URL.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
