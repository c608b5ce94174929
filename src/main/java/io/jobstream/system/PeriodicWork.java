package io.jobstream.system;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work that runs every {@code interval} for as long as the application runs: one round at a
 * time (a slow round makes the next ticks drop, never pile up), and a failed round is logged
 * and tried again at the next tick. Started and stopped with the application.
 */
public abstract class PeriodicWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

    private final String name;
    private final Duration interval;
    private volatile @Nullable Disposable running;

    protected PeriodicWork(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One round. */
    protected abstract Mono<?> runOnce();

    @Override
    public void start() {
        running = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(this::runOnce).then().onErrorResume(this::failed))
                .subscribe();
    }

    private Mono<Void> failed(Throwable error) {
        log.warn("{} failed, will try again: {}", name, NestedExceptionUtils.getMostSpecificCause(error).toString());
        return Mono.empty();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
