package io.jobstream.system;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Work that runs every {@code interval} for as long as the application runs: one round at a
 * time (a slow round makes the next ticks drop, never pile up), and a stop lets the round in
 * flight finish. A failed round is logged and
 * tried again after a pause that doubles with each failure in a row, up to 30 s, so an
 * instance that cannot reach Kafka or PostgreSQL leaves the shared work to the instances
 * that can. Started and stopped with the application.
 */
public abstract class PeriodicWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final String name;
    private final Duration interval;
    private final boolean autoStartup;
    private final @Nullable Supplier<Flux<?>> wakeUps;
    private volatile @Nullable Disposable running;
    private volatile Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    /** Failed rounds in a row, and when the next round may run; touched by one round at a time. */
    private volatile int failures;

    private volatile long pausedUntilNanos = System.nanoTime();
    /** Set when a stop begins: a round in flight takes no further look ({@link #whileFull}). */
    private volatile boolean stopRequested;

    protected PeriodicWork(String name, Duration interval) {
        this(name, interval, true);
    }

    /** {@code autoStartup} false: the application does not start it ({@link BackgroundWorkProperties}). */
    protected PeriodicWork(String name, Duration interval, boolean autoStartup) {
        this(name, interval, autoStartup, null);
    }

    /**
     * Also a round at each item of {@code wakeUps} (a hot stream, subscribed at each start),
     * for work that must follow an event within moments rather than wait for the next tick. A
     * wake-up during a round is kept (the latest one) for a round right after it.
     */
    protected PeriodicWork(String name, Duration interval, boolean autoStartup, @Nullable Supplier<Flux<?>> wakeUps) {
        this.name = name;
        this.interval = interval;
        this.autoStartup = autoStartup;
        this.wakeUps = wakeUps;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /** One round. */
    protected abstract Mono<?> runOnce();

    /**
     * {@code look} again and again while it comes back full (at least {@code full} done), at
     * most {@code looks} times and not once a stop has begun: a backlog drains in one round
     * rather than at one look per tick, and a stop waits for one look at most. The number done
     * in all.
     */
    protected final Mono<Integer> whileFull(Supplier<Mono<Integer>> look, int full, int looks) {
        return Mono.defer(look)
                .flatMap(done -> done >= full && looks > 1 && !stopRequested
                        ? whileFull(look, full, looks - 1).map(more -> done + more)
                        : Mono.just(done));
    }

    /** Whether a stop has begun: work that loops by itself within a round looks no further. */
    protected final boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public void start() {
        Sinks.Empty<Void> stop = Sinks.empty();
        CountDownLatch finished = new CountDownLatch(1);
        stopping = stop;
        stopped = finished;
        stopRequested = false;
        running = ticks().takeUntilOther(stop.asMono())
                .filter(tick -> System.nanoTime() - pausedUntilNanos >= 0)
                // prefetch 0: a tick is taken only when the round before it is over, so ticks
                // that come during a slow round are dropped instead of queued (32 by default)
                .concatMap(
                        tick -> Mono.defer(this::runOnce)
                                .doOnSuccess(done -> failures = 0)
                                .then()
                                .onErrorResume(this::failed),
                        0)
                .doFinally(signal -> finished.countDown())
                .subscribe();
    }

    /** A slow round makes the ticks drop, never pile up; the latest wake-up waits for the round after it. */
    private Flux<?> ticks() {
        Supplier<Flux<?>> events = wakeUps;
        if (events == null) {
            return Flux.interval(interval).onBackpressureDrop();
        }
        return Flux.<Object>merge(Flux.interval(interval), events.get()).onBackpressureLatest();
    }

    private Mono<Void> failed(Throwable error) {
        failures++;
        Duration pause = pauseAfter(interval, failures);
        pausedUntilNanos = System.nanoTime() + pause.toNanos();
        log.warn(
                "{} failed ({} in a row), will try again in {} ms: {}",
                name,
                failures,
                pause.toMillis(),
                NestedExceptionUtils.getMostSpecificCause(error).toString());
        return Mono.empty();
    }

    /** {@code interval} doubled for each failure after the first, at most 30 s. */
    private static Duration pauseAfter(Duration interval, int failures) {
        Duration pause = interval.multipliedBy(1L << Math.min(failures - 1, 20));
        return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
    }

    /**
     * Takes no new round and lets the one in flight finish (up to 10 s), so that a round is
     * not cut between its steps; waiting is fine here, this is the application's shutdown.
     */
    @Override
    public void stop() {
        stopRequested = true;
        Disposable current = running;
        if (current == null) {
            return;
        }
        stopping.tryEmitEmpty();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("{}: the last round did not finish within 10 s; cancelling it", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.dispose();
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
