package io.jobstream.dispatch;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes what the outbox holds: due jobs without a published start command (a publish
 * that failed, a retry that is due, a job requeued from a dead or stopping instance, a
 * Kafka submission). Each look is one transaction under a cluster-wide advisory lock, so one
 * instance relays at a time and the per-owner limit holds exactly; the batch is marked
 * dispatched and published, and a publish that fails rolls the marks back.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final StartCommands commands;
    private final DispatchProperties properties;
    private final QuotaProperties quota;
    private final TransactionalOperator transactions;
    private volatile @Nullable Disposable relaying;

    OutboxRelay(OutboxRepository outbox, StartCommands commands, DispatchProperties properties, QuotaProperties quota,
            TransactionalOperator transactions) {
        this.quota = quota;
        this.transactions = transactions;
        this.outbox = outbox;
        this.commands = commands;
        this.properties = properties;
    }

    @Override
    public void start() {
        relaying = Flux.interval(properties.interval())
                .onBackpressureDrop()
                .concatMap(tick -> relay())
                .subscribe();
    }

    Mono<Integer> relay() {
        return outbox.tryLock()
                .filter(locked -> locked)
                .flatMap(locked -> outbox.takeDue(properties.batchSize(), properties.redispatchAfter(),
                                quota.maxActiveJobsPerOwner())
                        .collectList())
                .filter(ids -> !ids.isEmpty())
                .flatMap(ids -> commands.publish(ids).thenReturn(ids.size()))
                .as(transactions::transactional)
                .defaultIfEmpty(0)
                .onErrorResume(error -> {
                    log.warn("Outbox relay could not publish, will retry: {}",
                            NestedExceptionUtils.getMostSpecificCause(error).toString());
                    return Mono.just(0);
                });
    }

    @Override
    public void stop() {
        Disposable current = relaying;
        if (current != null) {
            current.dispose();
        }
        relaying = null;
    }

    @Override
    public boolean isRunning() {
        return relaying != null;
    }
}
