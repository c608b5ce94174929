package io.jobstream.progress;

import io.jobstream.job.JobStatus;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Which events a stream over many jobs carries: of jobs of this type, in this batch, with these statuses (empty: any). */
public record StreamFilter(
        Set<JobStatus> statuses,
        @Nullable String type,
        @Nullable UUID batchId) {

    public StreamFilter {
        statuses = Set.copyOf(statuses);
    }

    public static StreamFilter batch(UUID batchId) {
        return new StreamFilter(Set.of(), null, batchId);
    }
}
