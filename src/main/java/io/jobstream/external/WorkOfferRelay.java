package io.jobstream.external;

import io.jobstream.job.ExternalRun;
import io.jobstream.job.JobRuns;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.system.BackgroundWorkProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Offers the due jobs of types delivered over Kafka: claims them exactly as an HTTP claim
 * would ({@link WorkClaims#claimForOffers}: the hand-out lock, per-owner fairness and quota,
 * a claim token each, the type's heartbeat timeout as lease), then publishes one offer per
 * job on its type's work topic. Every instance offers; the claims serialise on the hand-out
 * lock and skip each other's rows, so no job is offered twice at once.
 *
 * <p>It looks when a job is queued on any instance (the event notifications), so an offer
 * follows a submission within moments, and every {@code offer-recheck} for retries whose
 * backoff ended. If the offers cannot be published, the jobs are handed back (queued again,
 * the attempt not counted) and the relay pauses, doubling the pause up to 30 s while the
 * broker stays away. Should the instance stop between claim and publish, its jobs come back
 * when their lease runs out (the lease reaper), as for a worker that never answers.
 */
@Component
class WorkOfferRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkOfferRelay.class);
    /** Looks per round at most, so that a round never runs long. */
    private static final int LOOKS = 20;

    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final WorkClaims claims;
    private final JobTypeRegistry registry;
    private final WorkOffers offers;
    private final JobRuns runs;
    private final JobEventNotifications notifications;
    private final ExternalProperties properties;
    private final boolean autoStartup;
    private volatile @Nullable Disposable running;
    /** Failed rounds in a row, and when the next may run; touched by one round at a time. */
    private volatile int failures;

    private volatile long pausedUntilNanos = System.nanoTime();

    WorkOfferRelay(
            WorkClaims claims,
            JobTypeRegistry registry,
            WorkOffers offers,
            JobRuns runs,
            JobEventNotifications notifications,
            ExternalProperties properties,
            BackgroundWorkProperties background) {
        this.claims = claims;
        this.registry = registry;
        this.offers = offers;
        this.runs = runs;
        this.notifications = notifications;
        this.properties = properties;
        this.autoStartup = background.enabled();
    }

    @Override
    public void start() {
        running = Flux.<Object>merge(notifications.queuedJobs(), Flux.interval(properties.offerRecheck()))
                .onBackpressureLatest()
                .filter(tick -> System.nanoTime() - pausedUntilNanos >= 0)
                .concatMap(tick -> round().onErrorResume(this::failed), 0)
                .subscribe();
    }

    /** The number of jobs offered. */
    private Mono<Integer> round() {
        Map<String, Duration> leases = kafkaLeases();
        if (leases.isEmpty()) {
            return Mono.just(0);
        }
        return look(leases, LOOKS).doOnSuccess(done -> failures = 0);
    }

    /** Each type delivered over Kafka (retired ones too: their jobs still run) with its lease. */
    private Map<String, Duration> kafkaLeases() {
        Map<String, Duration> leases = new LinkedHashMap<>();
        registry.all().stream()
                .filter(type -> type.delivery() == Delivery.KAFKA)
                .forEach(type -> leases.put(type.name(), type.heartbeatTimeout()));
        return leases;
    }

    private Mono<Integer> look(Map<String, Duration> leases, int looks) {
        int max = properties.maxClaim();
        return claims.claimForOffers(leases, max)
                .flatMap(claimed -> publish(claimed).thenReturn(claimed.size()))
                .flatMap(done ->
                        done >= max && looks > 1 ? look(leases, looks - 1).map(more -> done + more) : Mono.just(done));
    }

    private Mono<Void> publish(List<ClaimedJob> claimed) {
        if (claimed.isEmpty()) {
            return Mono.empty();
        }
        return offers.offer(claimed.stream().map(WorkOffer::of).toList())
                .onErrorResume(error -> handBack(claimed).then(Mono.error(error)));
    }

    private Mono<Void> handBack(List<ClaimedJob> claimed) {
        return Flux.fromIterable(claimed)
                .concatMap(job -> runs.handBack(ExternalRun.worker(ClaimTokens.hash(job.claimToken()))))
                .then();
    }

    private Mono<Integer> failed(Throwable error) {
        failures++;
        Duration pause = properties.offerRecheck().multipliedBy(1L << Math.min(failures - 1, 20));
        pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
        pausedUntilNanos = System.nanoTime() + pause.toNanos();
        log.warn(
                "Offering work over Kafka failed ({} in a row), will try again in {} ms: {}",
                failures,
                pause.toMillis(),
                NestedExceptionUtils.getMostSpecificCause(error).toString());
        return Mono.just(0);
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
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
