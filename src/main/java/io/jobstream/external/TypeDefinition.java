package io.jobstream.external;

import io.jobstream.jobtype.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a registration says about its type, read and checked ({@link DefinitionReader}):
 * {@link #toJson} is how it is stored, in the spelling a client may send again.
 */
record TypeDefinition(
        String description,
        JsonNode payloadSchema,
        @Nullable JsonNode resultSchema,
        List<String> stages,
        RetryPolicy retryPolicy,
        Duration stageTimeout,
        Duration jobTimeout,
        Duration heartbeatTimeout,
        Delivery delivery) {

    TypeDefinition {
        stages = List.copyOf(stages);
    }

    /** Durations in ISO-8601, as the API shows them. */
    JsonNode toJson() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode json = nodes.objectNode();
        json.put("description", description);
        json.set("payload_schema", payloadSchema);
        json.set("result_schema", resultSchema == null ? nodes.nullNode() : resultSchema);
        stages.forEach(json.putArray("stages")::add);
        ObjectNode retry = json.putObject("retry");
        retry.put("max_attempts", retryPolicy.maxAttempts());
        retry.put("initial_backoff", retryPolicy.initialBackoff().toString());
        retry.put("max_backoff", retryPolicy.maxBackoff().toString());
        retry.put("jitter", retryPolicy.jitter());
        json.put("stage_timeout", stageTimeout.toString());
        json.put("job_timeout", jobTimeout.toString());
        json.put("heartbeat_timeout", heartbeatTimeout.toString());
        json.put("delivery", delivery.wireName());
        return json;
    }
}
