package io.jobstream.job;

import io.jobstream.system.Traces;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job as stored: the row of the jobs table. {@code runAt}: when it may (next) start: when it
 * was submitted, the time it was scheduled for, or when its retry's backoff ends.
 * {@code traceparent}: the W3C trace context of the span that stored it ({@link Traces}).
 */
public record Job(
        UUID id,
        String owner,
        String type,
        JobStatus status,
        JsonNode payload,
        @Nullable JsonNode result,
        @Nullable String resultType,
        @Nullable String error,
        @Nullable String errorCode,
        Progress progress,
        int retryCount,
        int attempts,
        long lastEventSeq,
        @Nullable UUID batchId,
        @Nullable UUID originalJobId,
        Documents documents,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt,
        @Nullable Webhook webhook,
        Instant runAt,
        @Nullable String traceparent) {

    /** For jobs over several input documents: how many there are and how far they got; else all null. */
    public record Documents(
            @Nullable Integer total,
            @Nullable Integer processed,
            @Nullable Integer failed) {}

    /** The OpenTelemetry trace it belongs to (that of the request or record that stored it); null for older jobs. */
    public @Nullable String traceId() {
        return Traces.traceId(traceparent);
    }

    /** True if it was stored to start later than when it was submitted: its start command waits for the outbox relay. */
    boolean scheduled() {
        return runAt.isAfter(createdAt);
    }
}
