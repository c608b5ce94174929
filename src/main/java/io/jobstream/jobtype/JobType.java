package io.jobstream.jobtype;

import io.jobstream.system.Violation;
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

    /** The stages to run, in order, for one (valid) payload. */
    List<Stage> stages(JsonNode payload);
}
