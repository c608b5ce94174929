package io.jobstream.api;

import io.jobstream.job.Batch;
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
        return new BatchView(
                batch.id(),
                batch.name(),
                batch.status(),
                batch.jobCount(),
                batch.count(JobStatus.COMPLETED),
                batch.count(JobStatus.FAILED),
                batch.count(JobStatus.CANCELLED),
                new BatchProgress(batch.percent()),
                batch.createdAt(),
                batch.jobs().stream().map(JobSummaryView::of).toList());
    }

    record BatchProgress(int percent) {}
}
