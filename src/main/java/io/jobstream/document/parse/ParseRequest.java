package io.jobstream.document.parse;

import io.jobstream.document.ChunkingOptions;
import io.jobstream.document.DocumentRef;
import io.jobstream.document.DocumentRefs;
import io.jobstream.parsing.ExtractionMethod;
import io.jobstream.parsing.ParseOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A valid {@code parse} payload, read: its documents and what to do with them. */
public record ParseRequest(
        List<DocumentRef> documents,
        ExtractionMethod method,
        List<String> ocrLanguages,
        @Nullable Integer firstPage,
        @Nullable Integer lastPage,
        @Nullable Integer maxPages,
        ChunkingOptions chunking,
        boolean embed,
        boolean extractAssets,
        boolean failFast) {

    public static ParseRequest of(JsonNode payload) {
        Integer[] range = pageRange(payload.path("page_range").asString(""));
        return new ParseRequest(
                DocumentRefs.read(payload),
                ExtractionMethod.valueOf(
                        payload.path("extraction_method").asString("auto").toUpperCase(Locale.ROOT)),
                languages(payload.path("ocr_languages")),
                range[0],
                range[1],
                payload.hasNonNull("max_pages") ? payload.get("max_pages").asInt() : null,
                ChunkingOptions.read(payload.path("chunking")),
                payload.path("embed").asBoolean(false),
                payload.path("extract_assets").asBoolean(false),
                payload.path("fail_fast").asBoolean(false));
    }

    /** How the parser reads one of the documents. */
    ParseOptions options(String filename, @Nullable String contentType) {
        return new ParseOptions(
                filename, contentType, method, ocrLanguages, firstPage, lastPage, maxPages, extractAssets);
    }

    private static List<String> languages(JsonNode languages) {
        List<String> list = new ArrayList<>();
        languages.forEach(language -> list.add(language.asString()));
        return list.isEmpty() ? List.of("eng") : list;
    }

    /** {@code "3"} or {@code "3-10"} (the schema checked the form); {@code [null, null]} for all pages. */
    static Integer[] pageRange(String range) {
        if (range.isEmpty()) {
            return new Integer[] {null, null};
        }
        String[] ends = range.split("-");
        int first = Integer.parseInt(ends[0]);
        return new Integer[] {first, ends.length == 1 ? first : Integer.parseInt(ends[1])};
    }
}
