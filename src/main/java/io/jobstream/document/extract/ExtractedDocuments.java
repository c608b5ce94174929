package io.jobstream.document.extract;

import io.jobstream.document.DocumentSource;
import io.jobstream.document.DocumentStatus;
import io.jobstream.document.JobDocument;
import io.jobstream.jobtype.DocumentCounts;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the outcome of each document is shown, one object per document: in
 * {@code extracted.jsonl} and, for the first {@link #IN_RESULT} documents, in the job's
 * result: {@code index}, where it came from ({@code file_id}, {@code url} or {@code filename}),
 * {@code status}, {@code structured_data} (null unless it completed), {@code error_code},
 * {@code error}.
 */
final class ExtractedDocuments {

    /** As in parse: the result stays small; the artifact has every document. */
    static final int IN_RESULT = 100;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExtractedDocuments() {}

    static ObjectNode completed(JobDocument document, Extraction extraction) {
        ObjectNode line = line(document, DocumentStatus.COMPLETED, null, null);
        line.set("structured_data", extraction.toJson());
        return line;
    }

    /** A document that failed, now or in an earlier stage or attempt. */
    static ObjectNode failed(JobDocument document, @Nullable String errorCode, @Nullable String error) {
        return line(document, DocumentStatus.FAILED, errorCode, error);
    }

    /** A document as the documents list has it: failed by an earlier stage or attempt, or never read. */
    static ObjectNode asListed(JobDocument document) {
        return line(document, document.status(), document.errorCode(), document.error());
    }

    private static ObjectNode line(
            JobDocument document, DocumentStatus status, @Nullable String errorCode, @Nullable String error) {
        ObjectNode line = JSON.objectNode()
                .put("index", document.index())
                .put(sourceField(document.source().kind()), document.source().value())
                .put("status", status.wireName());
        line.putNull("structured_data");
        return line.put("error_code", errorCode).put("error", error);
    }

    /** The job's result: the template's name, the counts, and the first documents' lines. */
    static JsonNode result(Template template, DocumentCounts counts, List<ObjectNode> lines) {
        ObjectNode result = JSON.objectNode()
                .put("template", template.name())
                .put("total_documents", counts.total())
                .put("processed_count", counts.processed())
                .put("failed_count", counts.failed());
        var documents = result.putArray("documents");
        lines.stream().limit(IN_RESULT).forEach(documents::add);
        return result;
    }

    /** As the payload named the document, and as {@code GET /api/jobs/{id}/documents} shows it. */
    private static String sourceField(DocumentSource.Kind kind) {
        return switch (kind) {
            case FILE -> "file_id";
            case URL -> "url";
            case INLINE -> "filename";
        };
    }
}
