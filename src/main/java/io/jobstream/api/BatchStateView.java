package io.jobstream.api;

import io.jobstream.api.BatchView.BatchProgress;
import io.jobstream.job.Batch;
import io.jobstream.job.JobStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A batch's status, counts and progress, without its jobs: the {@code batch} event of a batch stream. */
record BatchStateView(
        UUID batchId,
        @Nullable String batchName,
        String status,
        int jobCount,
        long queuedCount,
        long processingCount,
        long retryingCount,
        long completedCount,
        long failedCount,
        long cancelledCount,
        BatchProgress progress) {

    static BatchStateView of(Batch batch) {
        return new BatchStateView(
                batch.id(),
                batch.name(),
                batch.status(),
                batch.jobCount(),
                batch.count(JobStatus.QUEUED),
                batch.count(JobStatus.PROCESSING),
                batch.count(JobStatus.RETRYING),
                batch.count(JobStatus.COMPLETED),
                batch.count(JobStatus.FAILED),
                batch.count(JobStatus.CANCELLED),
                new BatchProgress(batch.percent()));
    }
}
