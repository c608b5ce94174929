package io.jobstream.job;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A batch without its jobs: what a batch's stream shows ({@code jobCount} as submitted, the
 * tally over the jobs not deleted from history).
 */
public record BatchSummary(
        UUID id, String owner, @Nullable String name, int jobCount, Instant createdAt, BatchTally tally) {}
