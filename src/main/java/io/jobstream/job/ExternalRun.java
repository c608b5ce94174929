package io.jobstream.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job of an external type as its workers see it: the job, the SHA-256 of the claim token
 * its latest claim was given (kept after a cancel, so that the worker can be told to stop),
 * and when the lease of that claim runs out (null unless it is running).
 */
public record ExternalRun(
        Job job, @Nullable String tokenHash, @Nullable Instant leaseExpiresAt) {

    /** What {@code claimed_by} holds for the worker with the token of this hash. */
    public static String worker(String tokenHash) {
        return "worker:" + tokenHash;
    }

    /** The attempt of the worker that holds the token of {@code tokenHash}, if it still holds the job. */
    public Attempt attempt(String tokenHash) {
        return new Attempt(job.id(), worker(tokenHash), job.attempts());
    }
}
