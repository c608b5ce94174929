package io.jobstream.importing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.import.*}: how large an import may be.
 *
 * @param maxLines the most lines one file may have; a longer file fails its import with
 *     {@code VALIDATION_ERROR} before any job is created
 * @param maxLineBytes the longest line; a longer line is refused (the rest of the file is
 *     imported). As large as a body of {@code POST /api/jobs} may be by default
 *     ({@code spring.codec.max-in-memory-size}), so that any job the API takes can be imported
 */
@Validated
@ConfigurationProperties("jobstream.import")
record ImportProperties(
        @DefaultValue("100000") @Min(1) @Max(10_000_000) int maxLines,
        @DefaultValue("2MB") DataSize maxLineBytes) {

    ImportProperties {
        if (maxLineBytes.toBytes() < 1 || maxLineBytes.toBytes() > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("jobstream.import.max-line-bytes must be within 1 byte and 64MB");
        }
    }
}
