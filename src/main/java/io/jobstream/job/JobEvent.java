package io.jobstream.job;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a job's append-only event log; {@code seq} counts from 1 per job. It carries the
 * job's document counts as they were at the event (all null for jobs without documents).
 */
public record JobEvent(
        UUID jobId,
        long seq,
        EventKind kind,
        JobStatus status,
        Progress progress,
        @Nullable String errorCode,
        Job.Documents documents,
        Instant createdAt) {

    /** The last event a job will ever have: its stream ends here. */
    public boolean isTerminal() {
        return status.isTerminal();
    }
}
