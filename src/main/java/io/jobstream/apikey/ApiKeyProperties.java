package io.jobstream.apikey;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.api-keys.*}: API keys.
 *
 * @param maxPerOwner the most keys one subject may hold at once (expired ones count until revoked)
 * @param lastUsedPrecision how stale a key's {@code last_used_at} may be before a use updates it:
 *     a busy key costs one write per this interval, not one per request
 */
@Validated
@ConfigurationProperties("jobstream.api-keys")
record ApiKeyProperties(
        @DefaultValue("100") @Min(1) @Max(10_000) int maxPerOwner,
        @DefaultValue("1m") Duration lastUsedPrecision) {

    ApiKeyProperties {
        if (!lastUsedPrecision.isPositive()) {
            throw new IllegalArgumentException("jobstream.api-keys.last-used-precision must be positive");
        }
    }
}
