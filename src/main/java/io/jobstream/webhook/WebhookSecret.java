package io.jobstream.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * An owner's signing secret in the Standard Webhooks format, {@code whsec_} followed by the
 * base64 of 32 random bytes; those bytes are the HMAC-SHA256 key. During the overlap after a
 * rotation, {@code previous} is the secret it replaced, still signing until
 * {@code previousExpiresAt}; otherwise both are null.
 */
public record WebhookSecret(
        String value,
        Instant createdAt,
        @Nullable String previous,
        @Nullable Instant previousExpiresAt) {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A secret with no previous one still signing. */
    public WebhookSecret(String value, Instant createdAt) {
        this(value, createdAt, null, null);
    }

    static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The {@code webhook-signature} header: {@code v1,} and the base64 of
     * HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"); during an overlap the
     * signature with the previous secret follows, space-separated, as Standard Webhooks allows,
     * so a receiver still verifying with either secret accepts the delivery.
     */
    String sign(String id, long timestamp, byte[] body) {
        String signature = sign(value, id, timestamp, body);
        return previous == null ? signature : signature + " " + sign(previous, id, timestamp, body);
    }

    private static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** Never the secret itself: records print their components, and this one must not reach a log. */
    @Override
    public String toString() {
        return "WebhookSecret[" + PREFIX + "…, createdAt=" + createdAt + ", previousExpiresAt=" + previousExpiresAt
                + "]";
    }
}
