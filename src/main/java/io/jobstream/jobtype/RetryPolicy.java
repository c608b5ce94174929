package io.jobstream.jobtype;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a job type retries retryable failures: at most {@code maxAttempts} attempts in all,
 * waiting {@code initialBackoff * 2^(retry - 1)}, capped at {@code maxBackoff}, each wait
 * spread by ±{@code jitter} (a fraction) so that failed jobs do not come back in step.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2);

    public RetryPolicy {
        if (maxAttempts < 1
                || initialBackoff.isNegative()
                || maxBackoff.compareTo(initialBackoff) < 0
                || jitter < 0
                || jitter >= 1) {
            throw new IllegalArgumentException(
                    "invalid retry policy: " + maxAttempts + ", " + initialBackoff + ", " + maxBackoff + ", " + jitter);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        double exponential = initialBackoff.toMillis() * Math.pow(2, Math.max(0, retry - 1));
        double capped = Math.min(exponential, maxBackoff.toMillis());
        double spread = capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
    }
}
