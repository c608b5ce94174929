package io.jobstream.document.parse;

import io.jobstream.document.ChunkingOptions;
import io.jobstream.document.DocumentRefs;
import io.jobstream.embedding.Embedder;
import io.jobstream.parsing.OcrSupport;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the job types over documents share: the checks of parse's {@code documents} fields
 * beyond their schema (parse, extract) and of {@code chunking} and {@code embed} (parse, crawl),
 * the time limits that grow with the documents, and how OCR is shown in the catalog.
 */
public final class DocumentPayloads {

    /** A stage's time limit grows with the documents it reads; the parser limits each one on its own. */
    private static final Duration BASE_TIMEOUT = Duration.ofMinutes(30);

    private static final Duration PER_DOCUMENT = Duration.ofMinutes(10);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(48);

    private DocumentPayloads() {}

    /** The documents (at most {@code maxPerJob}, each one well formed) and a page range that does not end before it starts. */
    public static List<Violation> check(JsonNode payload, int maxPerJob) {
        List<Violation> violations = new ArrayList<>(DocumentRefs.check(payload, maxPerJob));
        Integer[] range = ParseRequest.pageRange(payload.path("page_range").asString(""));
        if (range[0] != null && range[1] < range[0]) {
            violations.add(new Violation("payload.page_range", "must not end before it starts"));
        }
        return violations;
    }

    /**
     * The {@code chunking} and {@code embed} fields of a type that cuts its texts into chunks
     * and may embed them (parse, crawl): an overlap under half the chunk size, and embeddings
     * only where this deployment has the model.
     */
    public static List<Violation> checkChunking(JsonNode payload, Embedder embedder) {
        List<Violation> violations = new ArrayList<>();
        JsonNode chunks = payload.path("chunking");
        int max = chunks.path("max_characters").asInt(ChunkingOptions.DEFAULT_MAX_CHARACTERS);
        if (2 * chunks.path("overlap").asInt(ChunkingOptions.DEFAULT_OVERLAP) >= max) {
            violations.add(new Violation(
                    "payload.chunking.overlap", "must be less than half of max_characters (" + max + ")"));
        }
        if (payload.path("embed").asBoolean(false) && !embedder.available()) {
            violations.add(new Violation("payload.embed", "embeddings are not available on this deployment"));
        }
        return violations;
    }

    /** 30 minutes and 10 more per document, at most 48 hours. */
    public static Duration stageTimeout(JsonNode payload) {
        int documents = payload.has("documents") ? payload.get("documents").size() : 1;
        Duration limit = BASE_TIMEOUT.plus(PER_DOCUMENT.multipliedBy(documents));
        return limit.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : limit;
    }

    /** Three stages' worth. */
    public static Duration jobTimeout(JsonNode payload) {
        return stageTimeout(payload).multipliedBy(3);
    }

    /** The catalog's capabilities of a document type, with {@code ocr}: whether it is installed here, in which languages. */
    public static ObjectNode capabilities(OcrSupport ocr) {
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        ObjectNode node = capabilities.putObject("ocr").put("available", ocr.available());
        ocr.languages().forEach(node.putArray("languages")::add);
        return capabilities;
    }
}
