package io.jobstream.export;

import io.jobstream.document.Chunk;
import io.jobstream.job.Job;
import io.jobstream.system.JsonLines;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One exported row as a line: a job (its list fields; JSON Lines also carry the payload and
 * the result) or a chunk, each as CSV or as a JSON object.
 */
@Component
class ExportRows {

    static final List<String> JOB_COLUMNS = List.of(
            "id",
            "type",
            "status",
            "progress_percent",
            "stage",
            "error_code",
            "error",
            "attempts",
            "batch_id",
            "original_job_id",
            "total_documents",
            "processed_count",
            "failed_count",
            "created_at",
            "started_at",
            "completed_at");
    static final List<String> CHUNK_COLUMNS = List.of(
            "document_index", "chunk_index", "page_start", "page_end", "char_start", "char_end", "heading", "text");

    private final JsonMapper json;

    ExportRows(JsonMapper json) {
        this.json = json;
    }

    /** The CSV header of jobs; JSON Lines have none. */
    Flux<DataBuffer> jobHeader(ExportFormat format) {
        return format == ExportFormat.CSV ? Flux.just(csv(JOB_COLUMNS.toArray())) : Flux.empty();
    }

    Flux<DataBuffer> chunkHeader(ExportFormat format) {
        return format == ExportFormat.CSV ? Flux.just(csv(CHUNK_COLUMNS.toArray())) : Flux.empty();
    }

    DataBuffer job(ExportFormat format, Job job) {
        Object[] values = {
            job.id(),
            job.type(),
            job.status().wireName(),
            job.progress().percent(),
            job.progress().stage(),
            job.errorCode(),
            job.error(),
            job.attempts(),
            job.batchId(),
            job.originalJobId(),
            job.documents().total(),
            job.documents().processed(),
            job.documents().failed(),
            job.createdAt(),
            job.startedAt(),
            job.completedAt()
        };
        if (format == ExportFormat.CSV) {
            return csv(values);
        }
        ObjectNode node = object(JOB_COLUMNS, values);
        node.set("payload", job.payload());
        node.set("result", job.result());
        return JsonLines.line(json, node);
    }

    DataBuffer chunk(ExportFormat format, Chunk chunk) {
        Object[] values = {
            chunk.documentIndex(),
            chunk.chunkIndex(),
            chunk.pageStart(),
            chunk.pageEnd(),
            chunk.charStart(),
            chunk.charEnd(),
            chunk.heading(),
            chunk.text()
        };
        return format == ExportFormat.CSV ? csv(values) : JsonLines.line(json, object(CHUNK_COLUMNS, values));
    }

    private static ObjectNode object(List<String> columns, @Nullable Object[] values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            Object value = values[i];
            if (value == null) {
                node.putNull(columns.get(i));
            } else if (value instanceof Integer number) {
                node.put(columns.get(i), number);
            } else {
                node.put(columns.get(i), value.toString());
            }
        }
        return node;
    }

    /** An RFC 4180 line: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
    private static DataBuffer csv(@Nullable Object[] values) {
        String line = Arrays.stream(values).map(ExportRows::field).collect(Collectors.joining(",")) + "\r\n";
        return DefaultDataBufferFactory.sharedInstance.wrap(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String field(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
