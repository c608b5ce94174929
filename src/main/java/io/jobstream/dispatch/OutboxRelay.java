package io.jobstream.dispatch;

import io.jobstream.job.QuotaProperties;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Publishes what the outbox holds: due jobs without a published start command (a publish
 * that failed, a retry that is due, a job requeued from a dead or stopping instance, a
 * Kafka submission). Each look takes a batch in one short transaction under a cluster-wide
 * advisory lock, so the per-owner limit holds exactly, and marks it dispatched; then, with
 * no lock or transaction held, publishes it. A publish that fails takes the marks back, so
 * the batch is due again at once for any instance; the failing instance pauses its relay
 * ({@link PeriodicWork}). An instance that dies in between leaves the batch marked: it is
 * published again after {@code redispatch-after}. A round keeps taking batches while they
 * come full, so a backlog drains without waiting for the next tick.
 */
@Component
class OutboxRelay extends PeriodicWork {

    /** Batches per round at most, so that stopping never waits for a long backlog. */
    private static final int LOOKS = 20;

    static final String LAG = "jobstream.relay.lag";

    private final OutboxRepository outbox;
    private final StartCommands commands;
    private final DispatchProperties properties;
    private final QuotaProperties quota;
    private final TransactionalOperator transactions;
    private final Timer lag;

    OutboxRelay(
            OutboxRepository outbox,
            StartCommands commands,
            DispatchProperties properties,
            QuotaProperties quota,
            TransactionalOperator transactions,
            BackgroundWorkProperties background,
            MeterRegistry meters) {
        super("Relaying start commands", properties.interval(), background.enabled());
        this.outbox = outbox;
        this.commands = commands;
        this.properties = properties;
        this.quota = quota;
        this.transactions = transactions;
        this.lag = Timer.builder(LAG)
                .description("How long jobs had been due (since run_at) when the outbox relay published their start"
                        + " commands: jobs whose publish at submission failed, delayed jobs, retries, requeued"
                        + " jobs, Kafka submissions, jobs held back by the per-owner limit")
                .register(meters);
    }

    /** The number of jobs published. */
    @Override
    protected Mono<Integer> runOnce() {
        return whileFull(this::relay, properties.batchSize(), LOOKS);
    }

    /** One batch: the number of jobs published. */
    private Mono<Integer> relay() {
        return takeDue().flatMap(this::publish).defaultIfEmpty(0);
    }

    private Mono<Integer> publish(List<OutboxRepository.Due> due) {
        List<JobStart> starts = due.stream().map(OutboxRepository.Due::start).toList();
        List<UUID> ids = starts.stream().map(JobStart::jobId).toList();
        long taken = System.nanoTime();
        return commands.publish(starts)
                .onErrorResume(error -> outbox.unmarkDispatched(ids).then(Mono.error(error)))
                .then(Mono.fromRunnable(() -> published(due, Duration.ofNanos(System.nanoTime() - taken))))
                .thenReturn(ids.size());
    }

    /** How late each job's start command went out: due for {@code late} when taken, then the publish. */
    private void published(List<OutboxRepository.Due> due, Duration publishing) {
        due.forEach(job -> lag.record(job.late().plus(publishing)));
    }

    /** Due jobs, marked dispatched and committed; empty when another instance relays now or nothing is due. */
    private Mono<List<OutboxRepository.Due>> takeDue() {
        return outbox.tryLock()
                .filter(locked -> locked)
                .flatMap(locked -> outbox.takeDue(
                                properties.batchSize(), properties.redispatchAfter(), quota.maxActiveJobsPerOwner())
                        .collectList())
                .filter(ids -> !ids.isEmpty())
                .as(transactions::transactional);
    }
}
