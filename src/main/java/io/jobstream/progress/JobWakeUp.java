package io.jobstream.progress;

import io.jobstream.job.Caller;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * "Job X of this owner (and batch) has a new event of this kind, written by transaction
 * {@code txid}: read it"; {@link #ALL} means every job. A null owner is a wake-up for every
 * owner (an announcement that could not name one).
 */
record JobWakeUp(
        @Nullable UUID jobId,
        @Nullable String kind,
        @Nullable String owner,
        @Nullable UUID batchId,
        long txid) {

    static final JobWakeUp ALL = new JobWakeUp(null, null, null, null, 0);

    /** Whether a stream of {@code caller}'s jobs (of {@code batch}, if not null) must look. */
    boolean concerns(Caller caller, @Nullable UUID batch) {
        if (jobId == null) {
            return true;
        }
        return (caller.admin() || owner == null || owner.equals(caller.subject()))
                && (batch == null || batch.equals(batchId));
    }
}
