package io.jobstream.api;

import io.jobstream.document.DocumentSource;
import io.jobstream.document.JobDocument;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One document of a job as the API shows it: its source is one of {@code file_id}, {@code url}
 * or {@code filename} (inline content), as the payload named it.
 */
record DocumentView(
        int index,
        @Nullable UUID fileId,
        @Nullable String url,
        @Nullable String filename,
        String status,
        @Nullable String errorCode,
        @Nullable String error,
        @Nullable JsonNode metadata,
        @Nullable JsonNode pages,
        @Nullable Integer chunkCount,
        Instant updatedAt) {

    static DocumentView of(JobDocument document) {
        DocumentSource source = document.source();
        return new DocumentView(
                document.index(),
                source.kind() == DocumentSource.Kind.FILE ? UUID.fromString(source.value()) : null,
                source.kind() == DocumentSource.Kind.URL ? source.value() : null,
                source.kind() == DocumentSource.Kind.INLINE ? source.value() : null,
                document.status().wireName(),
                document.errorCode(),
                document.error(),
                document.metadata(),
                document.pages(),
                document.chunkCount(),
                document.updatedAt());
    }
}
