package io.jobstream.document.split;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.split.*}: the {@code split} job type.
 *
 * @param maxOutputBytes the most all parts of one split may take together. Each part carries
 *     the fonts and images its pages use, so a small PDF whose pages share one large image,
 *     cut a page at a time, would otherwise store that image once per page.
 */
@Validated
@ConfigurationProperties("jobstream.split")
record SplitProperties(@DefaultValue("1GB") @NotNull DataSize maxOutputBytes) {}
