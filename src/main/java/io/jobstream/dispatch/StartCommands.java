package io.jobstream.dispatch;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The channel that carries "start job X" to the workers of every instance: published keyed
 * by job id, delivered to exactly one member of the workers' consumer group. The messaging
 * package implements it over Kafka.
 */
public interface StartCommands {

    /** Completes once the broker has the commands, all of them. */
    Mono<Void> publish(List<JobStart> starts);

    /**
     * The commands for this instance, as long as it is subscribed. Each delivery must be
     * acknowledged once it is handled; demand bounds how many are in flight.
     */
    Flux<StartCommand> receive();
}
