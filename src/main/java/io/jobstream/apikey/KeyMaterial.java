package io.jobstream.apikey;

import io.jobstream.security.ApiKeyVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The format of a key, {@code jsk_<public id>_<secret>}: 16 hex digits of public id (the row to
 * look up, shown in lists as the prefix) and 43 base64url characters of secret (32 bytes from
 * {@link SecureRandom}). The prefix lets secret scanners and the filter chain recognise a key.
 */
final class KeyMaterial {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT =
            Pattern.compile(Pattern.quote(ApiKeyVerifier.PREFIX) + "([0-9a-f]{16})_[A-Za-z0-9_-]{43}");

    private KeyMaterial() {}

    /** A new key: its public id and the whole key (which only its creator ever sees). */
    static Generated generate() {
        byte[] publicId = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(publicId);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(publicId);
        return new Generated(
                id, prefix(id) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    static String prefix(String publicId) {
        return ApiKeyVerifier.PREFIX + publicId;
    }

    /** The public id of something shaped like a key; empty for anything else. */
    static Optional<String> publicId(String key) {
        var matcher = FORMAT.matcher(key);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * SHA-256 of the whole key. A plain fast hash, no salt or stretching: those protect guessable
     * passwords, and a 256-bit random secret cannot be guessed from its hash, while a slow hash
     * would be paid on every request.
     */
    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A key just made. {@link #toString} hides the key, so a log line of it shows none. */
    record Generated(String publicId, String key) {
        @Override
        public String toString() {
            return "Generated[" + prefix(publicId) + "_…]";
        }
    }
}
