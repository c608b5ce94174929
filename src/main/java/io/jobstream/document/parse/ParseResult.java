package io.jobstream.document.parse;

import io.jobstream.document.Chunk;
import io.jobstream.document.DocumentSource;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.jobtype.DocumentCounts;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of a {@code parse} job: small, never the whole text. The counts, a summary of
 * the first {@link #DOCUMENTS} documents ({@code GET /api/jobs/{id}/documents} lists all) and
 * the first {@link #PREVIEW} chunks, cut short; the full outputs are the job's artifacts.
 */
@Component
class ParseResult {

    static final int DOCUMENTS = 100;
    static final int PREVIEW = 3;
    static final int PREVIEW_CHARACTERS = 500;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JobDocuments documents;

    ParseResult(JobDocuments documents) {
        this.documents = documents;
    }

    Mono<JsonNode> of(UUID jobId) {
        return Mono.zip(
                        documents.counts(jobId),
                        documents.all(jobId).collectList(),
                        documents.chunks(jobId).take(PREVIEW).collectList())
                .map(parts -> result(parts.getT1(), parts.getT2(), parts.getT3()));
    }

    /** {@code all} the documents (at most {@code jobstream.documents.max-per-job}): their chunks are counted, the first summarised. */
    private static JsonNode result(DocumentCounts counts, List<JobDocument> all, List<Chunk> preview) {
        ObjectNode result = JSON.objectNode()
                .put("total_documents", counts.total())
                .put("processed_count", counts.processed())
                .put("failed_count", counts.failed())
                .put(
                        "chunk_count",
                        all.stream()
                                .mapToInt(d -> d.chunkCount() == null ? 0 : d.chunkCount())
                                .sum());
        var summaries = result.putArray("documents");
        all.stream().limit(DOCUMENTS).forEach(document -> summaries.add(summary(document)));
        var chunks = result.putArray("preview");
        preview.forEach(chunk -> chunks.add(JSON.objectNode()
                .put("document_index", chunk.documentIndex())
                .put("chunk_index", chunk.chunkIndex())
                .put("page_start", chunk.pageStart())
                .put("page_end", chunk.pageEnd())
                .put("text", cut(chunk.text()))));
        return result;
    }

    private static ObjectNode summary(JobDocument document) {
        JsonNode metadata = document.metadata() == null ? JSON.objectNode() : document.metadata();
        ObjectNode summary = JSON.objectNode()
                .put("index", document.index())
                .put(sourceField(document.source().kind()), document.source().value())
                .put("status", document.status().wireName());
        if (!summary.has("filename")) {
            summary.set("filename", metadata.get("filename"));
        }
        summary.set("file_type", metadata.get("file_type"));
        summary.set("pages", metadata.get("pages"));
        summary.put("chunk_count", document.chunkCount());
        summary.put("error_code", document.errorCode());
        summary.put("error", document.error());
        return summary;
    }

    /** As the payload named the document, and as {@code GET /api/jobs/{id}/documents} shows it. */
    private static String sourceField(DocumentSource.Kind kind) {
        return switch (kind) {
            case FILE -> "file_id";
            case URL -> "url";
            case INLINE -> "filename";
        };
    }

    private static String cut(String text) {
        return text.length() <= PREVIEW_CHARACTERS ? text : text.substring(0, PREVIEW_CHARACTERS) + "…";
    }
}
