package io.jobstream.job;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a submitted job may start: at once ({@link #NOW}), at a time ({@code run_at}), or after
 * a delay from when it is stored ({@code delay}); never both. The database's clock decides: a
 * job is stored with {@code run_at = greatest(now(), at)} or {@code now() + delay}, so a time
 * in the past (a producer's clock a little ahead, a record that waited in the topic) starts at
 * once, and the instances' clocks do not matter.
 */
public record Schedule(@Nullable Instant at, @Nullable Duration delay) {

    /** At once. */
    public static final Schedule NOW = new Schedule(null, null);

    public Schedule {
        if (at != null && delay != null) {
            throw new IllegalArgumentException("a schedule is a time or a delay, not both");
        }
    }

    /** True if the submission said nothing about when. */
    boolean unset() {
        return at == null && delay == null;
    }

    /** This schedule, or {@code fallback} if this one says nothing (a batch's schedule for its jobs). */
    Schedule or(Schedule fallback) {
        return unset() ? fallback : this;
    }
}
