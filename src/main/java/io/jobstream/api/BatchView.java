package io.jobstream.api;

import io.jobstream.job.Batch;
import io.jobstream.job.BatchTally;
import io.jobstream.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A batch with its derived status, counts, progress and jobs. */
record BatchView(
        UUID batchId,
        @Nullable String batchName,
        String status,
        int jobCount,
        long completedCount,
        long failedCount,
        long cancelledCount,
        BatchProgress progress,
        Instant createdAt,
        List<JobSummaryView> jobs) {

    static BatchView of(Batch batch) {
        BatchTally tally = batch.tally();
        return new BatchView(
                batch.id(),
                batch.name(),
                tally.status(),
                batch.jobCount(),
                tally.count(JobStatus.COMPLETED),
                tally.count(JobStatus.FAILED),
                tally.count(JobStatus.CANCELLED),
                new BatchProgress(tally.percent()),
                batch.createdAt(),
                batch.jobs().stream().map(JobSummaryView::of).toList());
    }

    record BatchProgress(int percent) {}
}
