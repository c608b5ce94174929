package io.jobstream.document;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.documents.*}: jobs over documents.
 *
 * @param maxPerJob the most documents one job may name
 */
@Validated
@ConfigurationProperties("jobstream.documents")
public record DocumentProperties(
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxPerJob) {}
