package io.jobstream.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.stream-tokens.*}: the short-lived tokens that let a browser's
 * {@code EventSource}, which cannot send an {@code Authorization} header, open a stream.
 *
 * @param ttl how long a token may be used to open a stream (an open stream is not cut at expiry)
 * @param secret the HMAC key, at least 32 characters, the same on every instance; without
 *     it each instance makes up its own, and its tokens work only there
 */
@Validated
@ConfigurationProperties("jobstream.stream-tokens")
record StreamTokenProperties(
        @DefaultValue("5m") Duration ttl, @Nullable String secret) {

    StreamTokenProperties {
        if (!ttl.isPositive()) {
            throw new IllegalArgumentException("jobstream.stream-tokens.ttl must be positive");
        }
        if (secret != null && !secret.isBlank() && secret.length() < 32) {
            throw new IllegalArgumentException("jobstream.stream-tokens.secret must have at least 32 characters");
        }
    }
}
