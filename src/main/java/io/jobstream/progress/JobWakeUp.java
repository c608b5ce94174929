package io.jobstream.progress;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** "Job X has a new event of this kind: read it"; {@link #ALL} means every job. */
record JobWakeUp(@Nullable UUID jobId, @Nullable String kind) {

    static final JobWakeUp ALL = new JobWakeUp(null, null);

    static JobWakeUp of(UUID jobId) {
        return new JobWakeUp(jobId, null);
    }

    boolean concerns(UUID job) {
        return jobId == null || jobId.equals(job);
    }
}
