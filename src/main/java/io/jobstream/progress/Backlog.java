package io.jobstream.progress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What one stream has not read yet, measured in time: from the first wake-up that no read
 * has covered. A stream reads the event log only when its client asks for more, so a slow
 * client holds no events in memory, only this; once it has left new events unread for
 * longer than {@code maxBehind}, {@link #tooFarBehind()} fires and the stream is closed.
 */
final class Backlog {

    private final long maxBehindNanos;
    private final Runnable onTooFarBehind;
    private final Sinks.Empty<Void> tooFarBehind = Sinks.empty();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean pending;
    private volatile long pendingSince;

    Backlog(Duration maxBehind, Runnable onTooFarBehind) {
        this.maxBehindNanos = maxBehind.toNanos();
        this.onTooFarBehind = onTooFarBehind;
    }

    /** A wake-up arrived: something new to read. */
    void arrived() {
        long now = System.nanoTime();
        if (!pending) {
            pendingSince = now;
            pending = true;
        } else if (now - pendingSince > maxBehindNanos && closed.compareAndSet(false, true)) {
            // counted before the stream ends, so whoever sees it end sees it counted
            onTooFarBehind.run();
            tooFarBehind.tryEmitEmpty();
        }
    }

    /** A read starts: it covers every wake-up so far. */
    void reading() {
        pending = false;
    }

    Mono<Void> tooFarBehind() {
        return tooFarBehind.asMono();
    }
}
