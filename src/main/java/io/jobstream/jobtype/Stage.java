package io.jobstream.jobtype;

import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One step of a job: a reactive function from its context to its output. Stages must be
 * idempotent (delivery is at-least-once) and must not block; blocking work belongs on
 * {@code Schedulers.boundedElastic()}. Cancelling the returned Mono must stop the work.
 */
public record Stage(String name, Function<StageContext, Mono<JsonNode>> work) {

    public Mono<JsonNode> run(StageContext context) {
        return Mono.defer(() -> work.apply(context));
    }
}
