package io.jobstream.external;

import io.jobstream.job.ExternalRun;
import io.jobstream.job.JobRuns;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
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
 * follows a submission within moments, when a delayed job or a retry becomes due
 * ({@link DueWakeUps}), and every {@code offer-recheck} for owners whose quota made room. If the offers cannot be published, the jobs are handed back (queued again,
 * the attempt not counted) and the relay pauses ({@link PeriodicWork}: doubling up to 30 s)
 * while the broker stays away. A stop lets the look in flight publish; should the instance
 * die between claim and publish, its jobs come back when their lease runs out (the lease
 * reaper), as for a worker that never answers.
 */
@Component
class WorkOfferRelay extends PeriodicWork {

    /** Looks per round at most, so that a round never runs long and a stop waits for one look at most. */
    private static final int LOOKS = 20;

    private final WorkClaims claims;
    private final JobTypeRegistry registry;
    private final WorkOffers offers;
    private final JobRuns runs;
    private final ExternalProperties properties;

    WorkOfferRelay(
            WorkClaims claims,
            JobTypeRegistry registry,
            WorkOffers offers,
            JobRuns runs,
            JobEventNotifications notifications,
            DueWakeUps due,
            ExternalProperties properties,
            BackgroundWorkProperties background) {
        super(
                "Offering work to Kafka workers",
                properties.offerRecheck(),
                background.enabled(),
                () -> Flux.merge(notifications.queuedJobs(), due.wakeUps()));
        this.claims = claims;
        this.registry = registry;
        this.offers = offers;
        this.runs = runs;
        this.properties = properties;
    }

    /** The number of jobs offered. */
    @Override
    protected Mono<Integer> runOnce() {
        Map<String, Duration> leases = kafkaLeases();
        if (leases.isEmpty()) {
            return Mono.just(0);
        }
        return whileFull(() -> look(leases), properties.maxClaim(), LOOKS);
    }

    /** Each type delivered over Kafka (retired ones too: their jobs still run) with its lease. */
    private Map<String, Duration> kafkaLeases() {
        Map<String, Duration> leases = new LinkedHashMap<>();
        registry.all().stream()
                .filter(type -> type.delivery() == Delivery.KAFKA)
                .forEach(type -> leases.put(type.name(), type.heartbeatTimeout()));
        return leases;
    }

    /** One claim and its offers: the number of jobs offered. */
    private Mono<Integer> look(Map<String, Duration> leases) {
        return claims.claimForOffers(leases, properties.maxClaim())
                .flatMap(claimed -> publish(claimed).thenReturn(claimed.size()));
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
}
