package io.jobstream.api;

import io.jobstream.job.Job;
import io.jobstream.job.Progress;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A job as the API shows it (snake_case on the wire). */
record JobView(
        UUID id,
        String type,
        String status,
        ProgressView progress,
        JsonNode payload,
        @Nullable JsonNode result,
        @Nullable String error,
        @Nullable String errorCode,
        int retryCount,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt) {

    static JobView of(Job job) {
        return new JobView(
                job.id(),
                job.type(),
                job.status().wireName(),
                ProgressView.of(job.progress()),
                job.payload(),
                job.result(),
                job.error(),
                job.errorCode(),
                job.retryCount(),
                job.attempts(),
                job.createdAt(),
                job.updatedAt(),
                job.startedAt(),
                job.completedAt());
    }

    record ProgressView(int percent, @Nullable String stage, @Nullable String message) {
        static ProgressView of(Progress progress) {
            return new ProgressView(progress.percent(), progress.stage(), progress.message());
        }
    }
}
