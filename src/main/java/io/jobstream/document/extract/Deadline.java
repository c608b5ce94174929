package io.jobstream.document.extract;

import io.jobstream.system.MatchBudget;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * When one rule's matching must stop: at a point in time, or as soon as the work it belongs to
 * is cancelled. Charged for each character a regular expression reads ({@link MatchBudget});
 * one thread uses it at a time.
 */
final class Deadline implements MatchBudget {

    /** Reading the clock on every character would slow matching several times over; every 1024th costs nothing. */
    private static final int CHECK_EVERY = 1024;

    private final long endNanos;
    private final Duration limit;
    private final BooleanSupplier cancelled;
    private int reads;

    private Deadline(Duration limit, BooleanSupplier cancelled) {
        this.endNanos = System.nanoTime() + limit.toNanos();
        this.limit = limit;
        this.cancelled = cancelled;
    }

    /** A deadline {@code limit} from now, which also ends when {@code cancelled} says so. */
    static Deadline in(Duration limit, BooleanSupplier cancelled) {
        return new Deadline(limit, cancelled);
    }

    Duration limit() {
        return limit;
    }

    @Override
    public void read() {
        if (++reads % CHECK_EVERY == 0) {
            check();
        }
    }

    /**
     * @throws RuleTimeoutException if the time is up
     * @throws CancellationException if the work was cancelled
     */
    void check() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("extraction cancelled");
        }
        if (System.nanoTime() - endNanos > 0) {
            throw new RuleTimeoutException(limit);
        }
    }
}
