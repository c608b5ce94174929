package io.jobstream.external;

import io.jobstream.dispatch.DispatchProperties;
import io.jobstream.job.CompletedStage;
import io.jobstream.job.ExternalRun;
import io.jobstream.job.ExternalRuns;
import io.jobstream.job.JobRuns;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands out jobs of external types to workers that ask ({@code POST /api/workers/claim}; the
 * Kafka transport offers through the same claim). A claim is one transaction under the lock
 * and per-owner limit of the outbox relay ({@link io.jobstream.job.FairShare}), each job with a
 * claim token of its own and its type's heartbeat timeout as its lease.
 *
 * <p>A claim that finds nothing may wait, holding no thread and no connection: it looks again
 * when a job is queued on any instance (the event notifications), when a delayed job or a
 * retry becomes due ({@link DueWakeUps}), and every {@code claim-recheck} (for an owner whose
 * quota made room), until its wait is over; then it
 * answers empty. A look that has begun is finished even if the wait ends meanwhile, so its
 * jobs are answered, not dropped. If the worker goes away after a claim committed, the jobs
 * it was not told of are lost to it and come back when their lease runs out.
 */
@Service
public class WorkClaims {

    /** The longest a claim may wait for work, so that a proxy between worker and server keeps the request open. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final ExternalRuns runs;
    private final JobRuns jobRuns;
    private final JobTypeRegistry registry;
    private final JobEventNotifications notifications;
    private final ExternalProperties properties;
    private final DispatchProperties dispatch;
    private final DueWakeUps due;

    WorkClaims(
            ExternalRuns runs,
            JobRuns jobRuns,
            JobTypeRegistry registry,
            JobEventNotifications notifications,
            ExternalProperties properties,
            DispatchProperties dispatch,
            DueWakeUps due) {
        this.runs = runs;
        this.jobRuns = jobRuns;
        this.registry = registry;
        this.notifications = notifications;
        this.properties = properties;
        this.dispatch = dispatch;
        this.due = due;
    }

    /**
     * Up to {@code max} due jobs of {@code types} for {@code worker}; if there are none, waits
     * up to {@code wait} for some; empty if none came.
     *
     * @throws NotFoundException for a type that is not registered or that the worker may not work
     * @throws InvalidInputException for a type whose jobs are delivered over Kafka, or a bad
     *     {@code max} or {@code wait}
     */
    public Mono<List<ClaimedJob>> claim(Worker worker, List<String> types, int max, Duration wait) {
        return Mono.fromCallable(() -> leases(worker, types, max, wait))
                .flatMap(leases -> looks(wait)
                        .concatMap(look -> claimOnce(leases, max), 0)
                        .filter(claimed -> !claimed.isEmpty())
                        .next())
                .defaultIfEmpty(List.of());
    }

    /** The first look at once, then one per wake-up until {@code wait} is over; a wake-up during a look is kept for after it. */
    private Flux<Object> looks(Duration wait) {
        if (wait.isZero()) {
            return Flux.just(Boolean.TRUE);
        }
        return Flux.<Object>concat(
                        Mono.just(Boolean.TRUE),
                        Flux.<Object>merge(
                                        notifications.queuedJobs(),
                                        due.wakeUps(),
                                        Flux.interval(properties.claimRecheck()))
                                .takeUntilOther(Mono.delay(wait)))
                .onBackpressureLatest();
    }

    /** The lease of each type asked for: its heartbeat timeout. */
    private Map<String, Duration> leases(Worker worker, List<String> types, int max, Duration wait) {
        if (max < 1 || max > properties.maxClaim()) {
            throw InvalidInputException.of("max", "must be between 1 and " + properties.maxClaim());
        }
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw InvalidInputException.of("wait_seconds", "must be between 0 and " + MAX_WAIT.toSeconds());
        }
        if (types.isEmpty()) {
            throw InvalidInputException.of("types", "must name at least one job type");
        }
        Map<String, Duration> leases = new LinkedHashMap<>();
        for (String name : types) {
            ExternalJobType type = registry.find(Objects.requireNonNull(name))
                    .filter(found -> worker.mayWork(found.name()))
                    .orElseThrow(() -> new NotFoundException("No job type '" + name + "' that this worker may work"));
            if (type.delivery() != Delivery.HTTP) {
                throw InvalidInputException.of(
                        "types",
                        "the jobs of '" + name + "' are delivered over "
                                + type.delivery().wireName());
            }
            leases.put(name, type.heartbeatTimeout());
        }
        return leases;
    }

    /**
     * One look for the offers of types delivered over Kafka ({@link WorkOfferRelay}): up to
     * {@code max} due jobs of the types of {@code leases} (each type's heartbeat timeout),
     * claimed as an HTTP claim claims them, with the same fairness, quota and tokens.
     */
    Mono<List<ClaimedJob>> claimForOffers(Map<String, Duration> leases, int max) {
        return claimOnce(leases, max);
    }

    /** One look: the jobs claimed, each with a token; those past their attempt limit fail instead. */
    private Mono<List<ClaimedJob>> claimOnce(Map<String, Duration> leases, int max) {
        List<String> tokens =
                IntStream.range(0, max).mapToObj(i -> ClaimTokens.newToken()).toList();
        Map<String, String> byHash = new LinkedHashMap<>();
        tokens.forEach(token -> byHash.put(ClaimTokens.hash(token), token));
        return runs.claim(leases, List.copyOf(byHash.keySet()), dispatch.redispatchAfter())
                .concatMap(run -> handOut(run, Objects.requireNonNull(byHash.get(run.tokenHash()))))
                .collectList();
    }

    private Mono<ClaimedJob> handOut(ExternalRun run, String token) {
        var type = registry.find(run.job().type());
        var exhausted = type.flatMap(found ->
                JobRuns.exhausted(run.job(), found.retryPolicy(run.job().payload())));
        if (exhausted.isPresent()) {
            return jobRuns.fail(
                            run.attempt(Objects.requireNonNull(run.tokenHash())),
                            exhausted.get().code().name(),
                            Objects.requireNonNull(exhausted.get().getMessage()))
                    .then(Mono.empty());
        }
        Mono<List<CompletedStage>> stages =
                run.job().attempts() > 1 ? runs.completedStages(run.job().id()).collectList() : Mono.just(List.of());
        return stages.map(done -> new ClaimedJob(
                run.job(), done, Objects.requireNonNullElseGet(run.leaseExpiresAt(), Instant::now), token));
    }
}
