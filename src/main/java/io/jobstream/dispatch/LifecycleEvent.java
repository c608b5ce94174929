package io.jobstream.dispatch;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One record of the events topic, keyed by {@code job_id}; {@code seq} counts each job's
 * events from 1, so a consumer can tell a redelivery (same seq) from a new event. Jobs over
 * documents carry their counts as they were at the event; other jobs null.
 */
public record LifecycleEvent(
        UUID jobId,
        long seq,
        String kind,
        String status,
        String type,
        String owner,
        Progress progress,
        @Nullable String errorCode,
        @Nullable Integer totalDocuments,
        @Nullable Integer processedCount,
        @Nullable Integer failedCount,
        Instant createdAt) {

    /** Where the job stands after this event. */
    public record Progress(
            int percent, @Nullable String stage, @Nullable String message) {}
}
