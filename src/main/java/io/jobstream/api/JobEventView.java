package io.jobstream.api;

import io.jobstream.api.JobView.ProgressView;
import io.jobstream.job.JobEvent;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One event of a job's log as the API shows it, with the document counts at that event (null without documents). */
record JobEventView(
        UUID jobId,
        long seq,
        String kind,
        String status,
        ProgressView progress,
        @Nullable String errorCode,
        @Nullable Integer totalDocuments,
        @Nullable Integer processedCount,
        @Nullable Integer failedCount,
        Instant createdAt) {

    static JobEventView of(JobEvent event) {
        return new JobEventView(
                event.jobId(),
                event.seq(),
                event.kind().wireName(),
                event.status().wireName(),
                ProgressView.of(event.progress()),
                event.errorCode(),
                event.documents().total(),
                event.documents().processed(),
                event.documents().failed(),
                event.createdAt());
    }
}
