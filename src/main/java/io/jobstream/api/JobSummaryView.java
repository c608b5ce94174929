package io.jobstream.api;

import io.jobstream.api.JobView.ProgressView;
import io.jobstream.job.Job;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A job in a list: the detail without payload, result and logs. */
record JobSummaryView(
        UUID id,
        String owner,
        String type,
        String status,
        ProgressView progress,
        @Nullable String resultType,
        @Nullable String errorCode,
        int retryCount,
        int attempts,
        @Nullable UUID batchId,
        @Nullable UUID originalJobId,
        Instant createdAt,
        Instant updatedAt,
        Instant runAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt) {

    static JobSummaryView of(Job job) {
        return new JobSummaryView(
                job.id(),
                job.owner(),
                job.type(),
                job.status().wireName(),
                ProgressView.of(job.progress()),
                job.resultType(),
                job.errorCode(),
                job.retryCount(),
                job.attempts(),
                job.batchId(),
                job.originalJobId(),
                job.createdAt(),
                job.updatedAt(),
                job.runAt(),
                job.startedAt(),
                job.completedAt());
    }
}
