package io.jobstream.external;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The work topics of types delivered over Kafka: each offer on its type's topic, keyed by job
 * id. The messaging package implements it.
 */
public interface WorkOffers {

    /** Completes once the broker has every offer; fails if any was not taken. */
    Mono<Void> offer(List<WorkOffer> offers);
}
