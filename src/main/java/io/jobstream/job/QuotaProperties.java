package io.jobstream.job;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.quota.*}: how much one owner may have going at once.
 *
 * @param maxActiveJobsPerOwner queued, processing and retrying jobs one owner may have; a
 *     REST submission beyond it is refused with 429, and no owner runs more jobs than this
 *     at once cluster-wide (the relay holds the rest back, so others are not starved)
 * @param retryAfter what a 429 tells the client to wait before trying again
 */
@Validated
@ConfigurationProperties("jobstream.quota")
public record QuotaProperties(
        @DefaultValue("1000") @Min(1) int maxActiveJobsPerOwner,
        @DefaultValue("10s") Duration retryAfter) {}
