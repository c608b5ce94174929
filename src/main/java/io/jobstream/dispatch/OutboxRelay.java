package io.jobstream.dispatch;

import io.jobstream.system.PeriodicWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Publishes what the outbox holds: due jobs without a published start command (a publish
 * that failed, a retry that is due, a job requeued from a dead or stopping instance, a
 * Kafka submission). Each look is one transaction under a cluster-wide advisory lock, so one
 * instance relays at a time and the per-owner limit holds exactly; the batch is marked
 * dispatched and published, and a publish that fails rolls the marks back.
 */
@Component
class OutboxRelay extends PeriodicWork {

    private final OutboxRepository outbox;
    private final StartCommands commands;
    private final DispatchProperties properties;
    private final QuotaProperties quota;
    private final TransactionalOperator transactions;

    OutboxRelay(OutboxRepository outbox, StartCommands commands, DispatchProperties properties, QuotaProperties quota,
            TransactionalOperator transactions) {
        super("Relaying start commands", properties.interval());
        this.outbox = outbox;
        this.commands = commands;
        this.properties = properties;
        this.quota = quota;
        this.transactions = transactions;
    }

    /** The number of jobs published. */
    @Override
    protected Mono<Integer> runOnce() {
        return outbox.tryLock()
                .filter(locked -> locked)
                .flatMap(locked -> outbox.takeDue(properties.batchSize(), properties.redispatchAfter(),
                                quota.maxActiveJobsPerOwner())
                        .collectList())
                .filter(ids -> !ids.isEmpty())
                .flatMap(ids -> commands.publish(ids).thenReturn(ids.size()))
                .as(transactions::transactional)
                .defaultIfEmpty(0);
    }
}
