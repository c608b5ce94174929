package io.jobstream.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A batch and its jobs ({@code jobCount} as submitted; jobs deleted from history are no
 * longer listed); its status, counts and progress are those of its {@link #tally()}.
 */
public record Batch(UUID id, String owner, @Nullable String name, int jobCount, Instant createdAt, List<Job> jobs) {

    public BatchTally tally() {
        return BatchTally.of(jobs);
    }
}
