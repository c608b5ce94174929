package io.jobstream.parsing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one parse asks for. {@code firstPage}/{@code lastPage} (from 1, inclusive, null for
 * open) and {@code maxPages} bound the pages read; {@code contentType} is the type the bytes
 * came with (an HTTP {@code Content-Type} with its charset), a hint for detection only.
 */
public record ParseOptions(
        String filename,
        @Nullable String contentType,
        ExtractionMethod method,
        List<String> ocrLanguages,
        @Nullable Integer firstPage,
        @Nullable Integer lastPage,
        @Nullable Integer maxPages,
        boolean extractAssets) {

    public ParseOptions {
        ocrLanguages = List.copyOf(ocrLanguages);
    }
}
