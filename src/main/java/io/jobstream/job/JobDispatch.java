package io.jobstream.job;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Hands stored jobs to the workers: the submit path calls it once their rows have committed,
 * marked dispatched. A port, so that the store does not know how work travels; the dispatch
 * package implements it (start commands on Kafka, and the outbox relay for whatever a publish
 * could not send).
 */
public interface JobDispatch {

    /**
     * Never fails: a job whose start command could not be published is left to the outbox
     * relay. Each command carries its job's trace context.
     */
    Mono<Void> dispatchAll(List<Job> jobs);

    default Mono<Void> dispatch(Job job) {
        return dispatchAll(List.of(job));
    }
}
