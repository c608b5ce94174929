package io.jobstream.job;

import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Hands stored jobs to the workers: the submit path calls it once their rows have committed,
 * marked dispatched. A port, so that the store does not know how work travels; the dispatch
 * package implements it (start commands on Kafka, and the outbox relay for whatever a publish
 * could not send).
 */
public interface JobDispatch {

    /** Never fails: a job whose start command could not be published is left to the outbox relay. */
    Mono<Void> dispatchAll(List<UUID> jobIds);

    default Mono<Void> dispatch(UUID jobId) {
        return dispatchAll(List.of(jobId));
    }
}
