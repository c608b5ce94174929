package io.jobstream.dispatch;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes what the outbox holds: due jobs without a published start command. Each look
 * takes a batch with {@code FOR UPDATE SKIP LOCKED}, marks it dispatched and publishes it;
 * a publish that fails unmarks the batch for the next look. Several instances relay side by
 * side without publishing the same job twice at once.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final StartCommands commands;
    private final DispatchProperties properties;
    private volatile @Nullable Disposable relaying;

    OutboxRelay(OutboxRepository outbox, StartCommands commands, DispatchProperties properties) {
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
        return outbox.takeDue(properties.batchSize(), properties.redispatchAfter())
                .collectList()
                .filter(ids -> !ids.isEmpty())
                .flatMap(this::publish)
                .defaultIfEmpty(0)
                .onErrorResume(error -> {
                    log.warn("Outbox relay failed, trying again: {}", error.toString());
                    return Mono.just(0);
                });
    }

    private Mono<Integer> publish(List<UUID> ids) {
        return commands.publish(ids)
                .thenReturn(ids.size())
                .onErrorResume(error -> {
                    log.warn("Could not publish {} start command(s), will retry: {}", ids.size(), error.toString());
                    return outbox.markUndispatched(ids).thenReturn(0);
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
