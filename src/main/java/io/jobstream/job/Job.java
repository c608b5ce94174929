package io.jobstream.job;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A job as stored: the row of the jobs table. */
public record Job(
        UUID id,
        String owner,
        String type,
        JobStatus status,
        JsonNode payload,
        @Nullable JsonNode result,
        @Nullable String error,
        @Nullable String errorCode,
        Progress progress,
        int retryCount,
        int attempts,
        long lastEventSeq,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt) {}
