package io.jobstream.api;

import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.RetryPolicy;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A job type as the catalog shows it. Durations are ISO-8601 ({@code PT30M}), like the API's
 * times; the retry policy and time limits are those of a payload that sets no optional field.
 */
record JobTypeView(
        String name,
        String description,
        JsonNode payloadSchema,
        String resultType,
        RetryPolicyView retryPolicy,
        String stageTimeout,
        String jobTimeout,
        List<String> stages) {

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

    static JobTypeView of(JobType type) {
        JsonNode defaults = JsonNodeFactory.instance.objectNode();
        return new JobTypeView(
                type.name(),
                type.description(),
                type.payloadSchema(),
                type.resultType(),
                RetryPolicyView.of(type.retryPolicy(defaults)),
                type.stageTimeout(defaults).toString(),
                type.jobTimeout(defaults).toString(),
                type.stageNames());
    }
}
