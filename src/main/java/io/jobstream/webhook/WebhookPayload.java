package io.jobstream.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jobstream.job.EventKind;
import io.jobstream.job.Job;
import io.jobstream.job.Progress;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON body of a webhook: the event ({@code phase}, its {@code seq} in the job's event
 * log, its {@code progress} and {@code message}), {@code data} (the result of a completed job, the error of a failed one,
 * else null), the {@code job} as {@code GET /api/jobs/{id}} shows it, and the client's
 * {@code client_job_id} when it gave one.
 */
record WebhookPayload(
        String phase,
        long seq,
        Progress progress,
        @Nullable String message,
        @Nullable JsonNode data,
        JsonNode job,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String clientJobId) {

    static WebhookPayload of(WebhookRepository.Claimed delivery, Job job, JsonNode jobJson) {
        return new WebhookPayload(
                delivery.phase().wireName(),
                delivery.eventSeq(),
                delivery.progress(),
                delivery.progress().message(),
                data(delivery, job),
                jobJson,
                delivery.clientJobId());
    }

    private static @Nullable JsonNode data(WebhookRepository.Claimed delivery, Job job) {
        if (delivery.phase() == EventKind.COMPLETED) {
            return job.result();
        }
        if (delivery.phase() == EventKind.FAILED) {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("error_code", delivery.errorCode())
                    .put("error", job.error());
        }
        return null;
    }
}
