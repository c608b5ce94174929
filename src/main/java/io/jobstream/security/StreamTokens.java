package io.jobstream.security;

import io.jobstream.job.Caller;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues and checks stream tokens: {@code v1.<subject>.<admin>.<expiry>.<signature>}, the
 * subject base64url-encoded, the signature an HMAC-SHA256 of the rest. Stateless, so any
 * instance with the same secret accepts any instance's tokens. A token is worth only
 * {@code jobs:read} on the event streams, for {@code ttl}: one that leaks (in a proxy's log
 * of URLs, say) lets someone watch progress for minutes, never change a job.
 */
@Component
public class StreamTokens {

    private static final Logger log = LoggerFactory.getLogger(StreamTokens.class);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final StreamTokenProperties properties;
    private final Clock clock;

    @Autowired
    StreamTokens(StreamTokenProperties properties) {
        this(properties, Clock.systemUTC());
    }

    StreamTokens(StreamTokenProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        byte[] secret;
        if (properties.secret() == null || properties.secret().isBlank()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("No jobstream.stream-tokens.secret set: stream tokens of this instance work only on it");
        } else {
            secret = properties.secret().getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A token for {@code caller}, and when it expires. */
    public Issued issue(Caller caller) {
        Instant expires = clock.instant().plus(properties.ttl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String unsigned = "v1." + ENCODER.encodeToString(caller.subject().getBytes(StandardCharsets.UTF_8)) + "."
                + (caller.admin() ? "1" : "0") + "." + expires.getEpochSecond();
        return new Issued(unsigned + "." + sign(unsigned), expires);
    }

    /** The caller a token stands for, if it is ours, unexpired and unchanged. */
    Optional<Caller> verify(String token) {
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String unsigned = token.substring(0, lastDot);
        byte[] signature = token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(signature, sign(unsigned).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts = unsigned.split("\\.");
        if (parts.length != 4 || !"v1".equals(parts[0])) {
            return Optional.empty();
        }
        try {
            if (clock.instant().isAfter(Instant.ofEpochSecond(Long.parseLong(parts[3])))) {
                return Optional.empty();
            }
            return Optional.of(
                    new Caller(new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8), "1".equals(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(String unsigned) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return ENCODER.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A token and its expiry. */
    public record Issued(String token, Instant expiresAt) {}
}
