package io.jobstream.dispatch;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The events topic: every lifecycle change of every job, for consumers that follow jobs
 * without HTTP. The messaging package implements it over Kafka.
 */
public interface LifecycleEvents {

    /** Completes once the broker has all of them, in this order. */
    Mono<Void> publish(List<LifecycleEvent> events);
}
