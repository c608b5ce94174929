package io.jobstream.file;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.files.*}: how much may be uploaded.
 *
 * @param maxBytes the largest file; a larger one is refused with 413 as soon as it passes
 *     the limit, and nothing of it is kept
 * @param quotaBytes what all files of one owner may take together; an upload beyond it is
 *     refused with 429, and nothing of it is kept
 */
@Validated
@ConfigurationProperties("jobstream.files")
record FileProperties(
        @DefaultValue("100MB") DataSize maxBytes,
        @DefaultValue("10GB") DataSize quotaBytes) {

    FileProperties {
        if (maxBytes.toBytes() < 1 || quotaBytes.toBytes() < 1) {
            throw new IllegalArgumentException("jobstream.files.max-bytes and quota-bytes must be at least 1 byte");
        }
    }
}
