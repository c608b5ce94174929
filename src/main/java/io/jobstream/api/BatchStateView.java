package io.jobstream.api;

import io.jobstream.api.BatchView.BatchProgress;
import io.jobstream.job.BatchSummary;
import io.jobstream.job.BatchTally;
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

    static BatchStateView of(BatchSummary batch) {
        BatchTally tally = batch.tally();
        return new BatchStateView(
                batch.id(),
                batch.name(),
                tally.status(),
                batch.jobCount(),
                tally.count(JobStatus.QUEUED),
                tally.count(JobStatus.PROCESSING),
                tally.count(JobStatus.RETRYING),
                tally.count(JobStatus.COMPLETED),
                tally.count(JobStatus.FAILED),
                tally.count(JobStatus.CANCELLED),
                new BatchProgress(tally.percent()));
    }
}
