package io.jobstream.webhook;

import io.jobstream.job.Job;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The job as the HTTP API shows it ({@code GET /api/jobs/{id}}), which every webhook body
 * carries as {@code job}. A port: the API owns that representation and implements it, and
 * nothing may depend on the API package.
 */
public interface JobRepresentation {

    Mono<JsonNode> of(Job job);
}
