package io.jobstream.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.webhooks.*}: sending webhooks.
 *
 * @param interval how often the relay looks for deliveries that are due
 * @param concurrency the most deliveries one instance sends at once
 * @param connectTimeout how long a connection to a receiver may take
 * @param timeout how long a receiver may take to answer, once connected
 * @param backoff the wait before the second attempt; it doubles with each failure (±20 % jitter)
 * @param maxBackoff the longest wait between two attempts
 * @param retryFor how long a delivery is retried after its event (or a redeliver) before it fails
 * @param allowedNetworks CIDR ranges webhooks may go to although they are loopback, private,
 *     link-local or otherwise special (e.g. {@code 10.20.0.0/16} for receivers inside your network)
 * @param rotationOverlap how long a rotated-out secret keeps signing beside the new one (0: not at all)
 * @param secretKey base64 of 32 bytes, the AES-256-GCM key signing secrets are encrypted with in the
 *     database, the same on every instance; without it they are stored in clear (with a warning)
 */
@Validated
@ConfigurationProperties("jobstream.webhooks")
record WebhookProperties(
        @DefaultValue("1s") Duration interval,
        @DefaultValue("16") @Min(1) @Max(256) int concurrency,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("10s") Duration backoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("") List<String> allowedNetworks,
        @DefaultValue("24h") Duration rotationOverlap,
        @Nullable String secretKey) {

    WebhookProperties {
        if (!interval.isPositive()
                || !connectTimeout.isPositive()
                || !timeout.isPositive()
                || !backoff.isPositive()
                || maxBackoff.compareTo(backoff) < 0
                || retryFor.isNegative()
                || rotationOverlap.isNegative()) {
            throw new IllegalArgumentException(
                    "jobstream.webhooks durations must be positive, max-backoff at least backoff");
        }
        allowedNetworks = List.copyOf(allowedNetworks);
        if (secretKey != null && !secretKey.isBlank()) {
            decodeKey(secretKey);
        }
    }

    /** The 32 bytes of a {@code secret-key}; a clear error for anything else. */
    static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "jobstream.webhooks.secret-key must be the base64 of 32 bytes (openssl rand -base64 32)");
        }
        return key;
    }

    /** The longest one attempt can take, DNS included: past it, the attempt counts as failed. */
    Duration attemptLimit() {
        return connectTimeout.plus(timeout).plusSeconds(1);
    }

    /**
     * How long an instance holds a delivery it sends: far past {@link #attemptLimit()}, so that
     * only an instance that died leaves a delivery to be taken over.
     */
    Duration lease() {
        return attemptLimit().multipliedBy(2).plusSeconds(30);
    }

    /** The wait after the {@code failures}-th failure in a row, {@code random} in [0, 1) picking the jitter. */
    Duration backoffAfter(int failures, double random) {
        long max = maxBackoff.toMillis();
        long millis = backoff.toMillis();
        for (int failure = 1; failure < failures && millis < max; failure++) {
            millis *= 2;
        }
        millis = Math.min(millis, max);
        return Duration.ofMillis(Math.round(millis * (0.8 + 0.4 * random)));
    }
}
