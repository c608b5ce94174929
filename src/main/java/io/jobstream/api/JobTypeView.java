package io.jobstream.api;

import io.jobstream.external.ExternalJobType;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.RetryPolicy;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A job type as the catalog shows it. Durations are ISO-8601 ({@code PT30M}), like the API's
 * times; the retry policy and time limits are those of a payload that sets no optional field;
 * {@code capabilities} say what this instance can do for the type (null when there is nothing to say).
 * A type registered at run time is {@code external}, with how its workers get jobs
 * ({@code delivery}), how long one may go without a heartbeat, its result schema if it has one,
 * and when it was retired, if it was (only {@code GET /api/job-types/{name}} shows a retired
 * one); for built-in types those are null.
 */
record JobTypeView(
        String name,
        List<String> aliases,
        String description,
        JsonNode payloadSchema,
        String resultType,
        RetryPolicyView retryPolicy,
        String stageTimeout,
        String jobTimeout,
        List<String> stages,
        @Nullable JsonNode capabilities,
        boolean external,
        @Nullable String delivery,
        @Nullable String heartbeatTimeout,
        @Nullable JsonNode resultSchema,
        @Nullable Instant retiredAt) {

    record RetryPolicyView(int maxAttempts, String initialBackoff, String maxBackoff, double jitter) {

        static RetryPolicyView of(RetryPolicy policy) {
            return new RetryPolicyView(
                    policy.maxAttempts(),
                    policy.initialBackoff().toString(),
                    policy.maxBackoff().toString(),
                    policy.jitter());
        }
    }

    record ListView(List<JobTypeView> jobTypes) {}

    static JobTypeView of(JobType type, @Nullable JsonNode capabilities) {
        JsonNode defaults = JsonNodeFactory.instance.objectNode();
        ExternalJobType external = type instanceof ExternalJobType registered ? registered : null;
        return new JobTypeView(
                type.name(),
                type.aliases(),
                type.description(),
                type.payloadSchema(),
                type.resultType(),
                RetryPolicyView.of(type.retryPolicy(defaults)),
                type.stageTimeout(defaults).toString(),
                type.jobTimeout(defaults).toString(),
                type.stageNames(),
                capabilities,
                type.external(),
                external == null ? null : external.delivery().wireName(),
                external == null ? null : external.heartbeatTimeout().toString(),
                external == null ? null : external.resultSchema(),
                external == null ? null : external.retiredAt());
    }
}
