package io.jobstream.parsing;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/** Parsers and options for the parser tests: one child, short limits, and options that read like the test. */
final class ParserFixtures {

    private ParserFixtures() {}

    static ParsingProperties properties(Duration timeout, DataSize maxHeap, int maxPages, String tesseract) {
        return new ParsingProperties(1, maxHeap, timeout, 1_000_000, maxPages, DataSize.ofMegabytes(5), tesseract);
    }

    static ParsingProperties defaults() {
        return properties(Duration.ofSeconds(60), DataSize.ofMegabytes(256), 100, "tesseract");
    }

    static Options options(String filename) {
        return new Options(filename, null, ExtractionMethod.AUTO, null, null, null, false);
    }

    /** A {@link ParseOptions} builder: {@code options("a.pdf").method(OCR).build()}. */
    record Options(
            String filename,
            @Nullable String contentType,
            ExtractionMethod method,
            @Nullable Integer firstPage,
            @Nullable Integer lastPage,
            @Nullable Integer maxPages,
            boolean extractAssets) {

        Options method(ExtractionMethod method) {
            return new Options(filename, contentType, method, firstPage, lastPage, maxPages, extractAssets);
        }

        Options contentType(String contentType) {
            return new Options(filename, contentType, method, firstPage, lastPage, maxPages, extractAssets);
        }

        Options pages(int first, int last) {
            return new Options(filename, contentType, method, first, last, maxPages, extractAssets);
        }

        Options assets() {
            return new Options(filename, contentType, method, firstPage, lastPage, maxPages, true);
        }

        ParseOptions build() {
            return new ParseOptions(
                    filename, contentType, method, List.of("eng"), firstPage, lastPage, maxPages, extractAssets);
        }
    }
}
