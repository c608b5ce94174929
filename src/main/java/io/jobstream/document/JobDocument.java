package io.jobstream.document;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One document of a job ({@code index} from 0, in the order the payload gave them) with its
 * status and, once read, its metadata ({@code filename}, {@code file_type}, {@code pages},
 * {@code bytes}, {@code sha256}, {@code title}, {@code author}, {@code language}), its pages
 * ({@code [{"page", "characters", "ocr"}]}), its chunk count, where its input bytes were
 * staged (and the type they came with) and where the parser's pages are stored.
 */
public record JobDocument(
        UUID jobId,
        int index,
        DocumentSource source,
        DocumentStatus status,
        @Nullable String errorCode,
        @Nullable String error,
        @Nullable JsonNode metadata,
        @Nullable JsonNode pages,
        @Nullable Integer chunkCount,
        @Nullable String inputKey,
        @Nullable String inputType,
        @Nullable String textKey,
        Instant updatedAt) {}
