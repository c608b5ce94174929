package io.jobstream.job;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What to list: filters (each null or empty when not given; {@code owner} narrows an admin's
 * view of every user's jobs to one user's; {@code originalJobId} lists the reruns of a job), the order, and the page, by offset or after a
 * cursor.
 */
public record JobQuery(
        Set<JobStatus> statuses,
        @Nullable String type,
        @Nullable UUID batchId,
        @Nullable String resultType,
        @Nullable Instant createdFrom,
        @Nullable Instant createdTo,
        @Nullable String owner,
        @Nullable UUID originalJobId,
        JobSort sort,
        boolean ascending,
        int limit,
        int offset,
        @Nullable JobCursor after) {

    public JobQuery {
        statuses = Set.copyOf(statuses);
    }
}
