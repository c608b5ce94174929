package io.jobstream.parsing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.parsing.*}: the isolated document parser.
 *
 * @param processes child JVMs this instance keeps for parsing: as many documents are read at once
 * @param maxHeap the heap of each child ({@code -Xmx}); a document that needs more fails alone
 * @param timeout the longest one document may take (OCR included); then its child is killed
 * @param maxCharacters the most text one document may produce
 * @param maxPages the most pages a document may have; a longer PDF is refused before parsing
 * @param maxBytes the largest file the parser reads; a larger one is refused before parsing
 * @param tesseract the Tesseract program (a name on the {@code PATH} or a path)
 */
@Validated
@ConfigurationProperties("jobstream.parsing")
record ParsingProperties(
        @DefaultValue("2") @Min(1) @Max(64) int processes,
        @DefaultValue("512MB") DataSize maxHeap,
        @DefaultValue("5m") Duration timeout,
        @DefaultValue("10000000") @Min(1) int maxCharacters,
        @DefaultValue("5000") @Min(1) int maxPages,
        @DefaultValue("100MB") DataSize maxBytes,
        @DefaultValue("tesseract") String tesseract) {

    ParsingProperties {
        if (maxHeap.toMegabytes() < 32 || !timeout.isPositive() || tesseract.isBlank()) {
            throw new IllegalArgumentException("jobstream.parsing.max-heap must be at least 32MB, timeout positive "
                    + "and tesseract set; were " + maxHeap + ", " + timeout + ", '" + tesseract + "'");
        }
    }
}
