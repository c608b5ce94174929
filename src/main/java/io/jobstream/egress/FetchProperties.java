package io.jobstream.egress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.fetch.*}: fetching documents by URL.
 *
 * @param allowedNetworks CIDR ranges documents may be fetched from although they are
 *     loopback, private, link-local or otherwise special (none by default)
 * @param maxBytes the largest document fetched, as for uploaded files
 * @param timeout the whole fetch, from the first DNS lookup to the last byte of the body
 * @param maxRedirects how many redirects a fetch follows, each hop checked again
 * @param userAgent the {@code User-Agent} of every request
 */
@Validated
@ConfigurationProperties("jobstream.fetch")
record FetchProperties(
        @DefaultValue("") List<String> allowedNetworks,
        @DefaultValue("100MB") DataSize maxBytes,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("5") @Min(0) @Max(20) int maxRedirects,
        @DefaultValue("jobstream") @NotBlank String userAgent) {

    FetchProperties {
        if (maxBytes.toBytes() <= 0 || !timeout.isPositive()) {
            throw new IllegalArgumentException("jobstream.fetch.max-bytes and .timeout must be positive");
        }
        allowedNetworks = List.copyOf(allowedNetworks);
    }
}
