package io.jobstream.dispatch;

import io.jobstream.system.PeriodicWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Publishes every job event to the events topic, in order, at least once. Each look runs in
 * one transaction that first takes a cluster-wide advisory lock, so one instance relays at
 * a time and the topic never sees a job's events out of order; events are marked published
 * only after the broker has them, and a failed publish rolls the look back.
 */
@Component
class EventRelay extends PeriodicWork {

    private static final int BATCH = 1000;

    private final EventOutboxRepository outbox;
    private final LifecycleEvents events;
    private final TransactionalOperator transactions;

    EventRelay(EventOutboxRepository outbox, LifecycleEvents events, TransactionalOperator transactions,
            DispatchProperties properties) {
        super("Relaying job events", properties.eventsInterval());
        this.outbox = outbox;
        this.events = events;
        this.transactions = transactions;
    }

    /** The number of events published. */
    @Override
    protected Mono<Integer> runOnce() {
        return outbox.tryLock()
                .filter(locked -> locked)
                .flatMap(locked -> outbox.unpublished(BATCH).collectList())
                .filter(batch -> !batch.isEmpty())
                .flatMap(batch -> events.publish(batch)
                        .then(outbox.markPublished(batch))
                        .thenReturn(batch.size()))
                .as(transactions::transactional)
                .defaultIfEmpty(0);
    }
}
