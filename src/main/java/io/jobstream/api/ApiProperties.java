package io.jobstream.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.api.*}.
 *
 * @param maxBatchSize the most jobs one {@code POST /api/jobs/batch} may carry
 */
@Validated
@ConfigurationProperties("jobstream.api")
record ApiProperties(
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatchSize) {}
