package io.jobstream.jobtype;

import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a kind of job does. Declare one as a Spring bean and it is known by its name to the
 * API, to Kafka submissions and to the workers. The last stage's output is the job's result.
 */
public interface JobType {

    /** The {@code type} clients submit; lower case, unique. */
    String name();

    /** The payload's fields; submissions are checked against it before anything is stored. */
    PayloadSchema schema();

    /** What kind of result the job produces ({@code result_type}; lists filter on it). */
    default String resultType() {
        return "json";
    }

    /** Checks that span fields, after the schema passed. */
    default List<Violation> validate(JsonNode payload) {
        return List.of();
    }

    /** How retryable failures are retried; a non-retryable failure, or the last attempt's, is final. */
    default RetryPolicy retryPolicy(JsonNode payload) {
        return RetryPolicy.DEFAULT;
    }

    /** The longest one stage may run for this payload before it fails with {@code TIMEOUT}. */
    default Duration stageTimeout(JsonNode payload) {
        return Duration.ofMinutes(30);
    }

    /** The longest one attempt at the whole job may run before it fails with {@code TIMEOUT}. */
    default Duration jobTimeout(JsonNode payload) {
        return Duration.ofHours(2);
    }

    /** The stages to run, in order, for one (valid) payload. */
    List<Stage> stages(JsonNode payload);
}
