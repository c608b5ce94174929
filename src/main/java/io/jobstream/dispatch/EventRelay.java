package io.jobstream.dispatch;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes every job event to the events topic, in order, at least once. Each look runs in
 * one transaction that first takes a cluster-wide advisory lock, so one instance relays at
 * a time and the topic never sees a job's events out of order; events are marked published
 * only after the broker has them, and a failed publish rolls the look back.
 */
@Component
class EventRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    private static final int BATCH = 1000;

    private final EventOutboxRepository outbox;
    private final LifecycleEvents events;
    private final TransactionalOperator transactions;
    private final DispatchProperties properties;
    private volatile @Nullable Disposable relaying;

    EventRelay(EventOutboxRepository outbox, LifecycleEvents events, TransactionalOperator transactions,
            DispatchProperties properties) {
        this.outbox = outbox;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Override
    public void start() {
        relaying = Flux.interval(properties.eventsInterval())
                .onBackpressureDrop()
                .concatMap(tick -> relay())
                .subscribe();
    }

    Mono<Integer> relay() {
        return outbox.tryLock()
                .filter(locked -> locked)
                .flatMap(locked -> outbox.unpublished(BATCH).collectList())
                .filter(batch -> !batch.isEmpty())
                .flatMap(batch -> events.publish(batch)
                        .then(outbox.markPublished(batch))
                        .thenReturn(batch.size()))
                .as(transactions::transactional)
                .defaultIfEmpty(0)
                .onErrorResume(error -> {
                    log.warn("Could not relay job events, will retry: {}", error.toString());
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
