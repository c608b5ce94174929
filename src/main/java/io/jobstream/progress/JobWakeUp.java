package io.jobstream.progress;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** "Read the events of this job again"; {@link #ALL} means every job. */
record JobWakeUp(@Nullable UUID jobId) {

    static final JobWakeUp ALL = new JobWakeUp(null);

    static JobWakeUp of(UUID jobId) {
        return new JobWakeUp(jobId);
    }

    boolean concerns(UUID job) {
        return jobId == null || jobId.equals(job);
    }
}
