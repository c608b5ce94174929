package io.jobstream.external;

import io.jobstream.dispatch.DispatchProperties;
import io.jobstream.job.ExternalRuns;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Wakes the claims that wait ({@link WorkClaims}) and the offer relay ({@link WorkOfferRelay})
 * when a job of an external type becomes due without any event: a delayed job whose
 * {@code run_at} came, a retry whose backoff ended. A newly queued job is announced, but
 * nothing announces the passing of time; without this, such a job would wait for the next
 * {@code claim-recheck} (1 s). Every instance looks every {@code jobstream.dispatch.interval}
 * (250 ms), the same promptness the outbox relay gives this service's own jobs, with one
 * small query over the due index.
 */
@Component
class DueWakeUps extends PeriodicWork {

    private final ExternalRuns runs;
    private final JobTypeRegistry registry;
    /** Never drops for want of demand: a waiting claim or the relay takes it or it is gone, as an announcement. */
    private final Sinks.Many<Instant> wakeUps = Sinks.many().multicast().directBestEffort();
    /** The database's time of the last look; one round runs at a time ({@link PeriodicWork}). */
    private volatile @Nullable Instant lastLook;

    DueWakeUps(
            ExternalRuns runs,
            JobTypeRegistry registry,
            DispatchProperties dispatch,
            BackgroundWorkProperties background) {
        super("Waking claims for external jobs that became due", dispatch.interval(), background.enabled());
        this.runs = runs;
        this.registry = registry;
    }

    /** An item each time external jobs became due since the look before. Hot: never completes. */
    Flux<Instant> wakeUps() {
        return wakeUps.asFlux();
    }

    /** Nothing to look for while no type is registered (retired ones count: their jobs still run). */
    @Override
    protected Mono<Boolean> runOnce() {
        if (registry.all().isEmpty()) {
            return Mono.just(false);
        }
        return runs.becameDue(lastLook).map(this::announced);
    }

    private boolean announced(ExternalRuns.DueCheck check) {
        lastLook = check.now();
        if (check.due()) {
            wakeUps.tryEmitNext(check.now());
        }
        return check.due();
    }
}
