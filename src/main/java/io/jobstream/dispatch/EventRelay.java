package io.jobstream.dispatch;

import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Publishes every job event to the events topic, each job's in order, at least once. Each
 * look runs in one transaction that first takes a cluster-wide advisory lock, so one
 * instance relays at a time; it publishes the next window of transactions
 * ({@link EventOutboxRepository}) and moves the cursor past it only after the broker has
 * them, so a failed publish rolls the look back. A round keeps looking while windows come
 * full, so a backlog drains without waiting for the next tick.
 */
@Component
class EventRelay extends PeriodicWork {

    private static final int BATCH = 1000;
    /** Looks per round at most, so that stopping never waits for a long backlog. */
    private static final int LOOKS = 20;

    private final EventOutboxRepository outbox;
    private final LifecycleEvents events;
    private final TransactionalOperator transactions;

    EventRelay(
            EventOutboxRepository outbox,
            LifecycleEvents events,
            TransactionalOperator transactions,
            DispatchProperties properties,
            BackgroundWorkProperties background) {
        super("Relaying job events", properties.eventsInterval(), background.enabled());
        this.outbox = outbox;
        this.events = events;
        this.transactions = transactions;
    }

    /** The number of events published. */
    @Override
    protected Mono<Integer> runOnce() {
        return whileFull(this::look, BATCH, LOOKS);
    }

    /** One window, committed before its count is given: the number of events published. */
    private Mono<Integer> look() {
        return outbox.tryLock()
                .filter(locked -> locked)
                .flatMap(locked -> outbox.nextWindow(BATCH))
                .flatMap(window -> outbox.events(window)
                        .collectList()
                        .flatMap(batch -> events.publish(batch)
                                .then(outbox.published(window))
                                .thenReturn(batch.size())))
                .as(transactions::transactional)
                .flux()
                .last(0);
    }
}
