package io.jobstream.progress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * The wake-ups of one stream that no read has covered yet. A stream reads the event log only
 * when its client asks for more, so a slow client holds no events in memory, only this; once
 * it has left new events unread for longer than {@code maxBehind}, {@link #tooFarBehind()}
 * fires and the stream is closed. Wake-ups arrive on the listener's thread, reads ask for
 * the next one on theirs: the few fields here are guarded by one lock.
 */
final class Backlog {

    private final long maxBehindNanos;
    private final Runnable onTooFarBehind;
    private final Sinks.Empty<Void> tooFarBehind = Sinks.empty();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();
    /** A wake-up arrived that no read has covered, since {@code pendingSince}. */
    private boolean pending;

    private long pendingSince;
    /** The read that waits for the next wake-up, if one does. */
    private @Nullable MonoSink<Void> waiting;

    Backlog(Duration maxBehind, Runnable onTooFarBehind) {
        this.maxBehindNanos = maxBehind.toNanos();
        this.onTooFarBehind = onTooFarBehind;
    }

    /** A wake-up arrived: something new to read. */
    void arrived() {
        long now = System.nanoTime();
        MonoSink<Void> woken;
        boolean behind = false;
        synchronized (lock) {
            woken = waiting;
            waiting = null;
            if (woken == null && !pending) {
                pending = true;
                pendingSince = now;
            } else if (woken == null) {
                behind = now - pendingSince > maxBehindNanos;
            }
        }
        if (woken != null) {
            woken.success();
        }
        if (behind && closed.compareAndSet(false, true)) {
            // counted before the stream ends, so whoever sees it end sees it counted
            onTooFarBehind.run();
            tooFarBehind.tryEmitEmpty();
        }
    }

    /**
     * Completes at once if a wake-up arrived that no read has covered yet, else at the next
     * one. The read that follows covers every wake-up so far.
     */
    Mono<Void> nextWakeUp() {
        return Mono.create(sink -> {
            boolean now;
            synchronized (lock) {
                now = pending;
                pending = false;
                if (!now) {
                    waiting = sink;
                }
            }
            if (now) {
                sink.success();
            }
            sink.onCancel(() -> forget(sink));
        });
    }

    private void forget(MonoSink<Void> sink) {
        synchronized (lock) {
            if (waiting == sink) {
                waiting = null;
            }
        }
    }

    Mono<Void> tooFarBehind() {
        return tooFarBehind.asMono();
    }
}
