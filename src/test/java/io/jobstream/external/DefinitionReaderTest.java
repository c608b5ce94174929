package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The body of a registration: defaults, spellings, and every bad field named in one refusal. */
class DefinitionReaderTest {

    private static final String SCHEMA =
            "{\"type\": \"object\", \"required\": [\"n\"], \"properties\": {\"n\": {\"type\": \"integer\"}}}";

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    private static List<String> fields(String body) {
        InvalidInputException refused =
                catchThrowableOfType(InvalidInputException.class, () -> DefinitionReader.read("acme.x", json(body)));
        assertThat(refused).as("refused: " + body).isNotNull();
        return refused.violations().stream().map(Violation::field).toList();
    }

    @Test
    void aMinimalDefinitionGetsTheDefaults() {
        TypeDefinition definition = DefinitionReader.read(
                        "acme.x",
                        json("{\"description\": \"d\", \"payload_schema\": " + SCHEMA + ", \"stages\": [\"a\"]}"))
                .definition();

        assertThat(definition.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(definition.stageTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(definition.jobTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(definition.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(definition.delivery()).isEqualTo(Delivery.HTTP);
        assertThat(definition.resultSchema()).isNull();
    }

    @Test
    void aFullDefinitionIsReadAndStoredInAFormReadAgainAsTheSame() {
        var checked = DefinitionReader.read("acme.x", json("""
                {"name": "acme.x", "description": "Reads invoices.", "payload_schema": %s,
                 "result_schema": {"type": "object"}, "stages": ["fetch", "read"],
                 "retry": {"max_attempts": 5, "initial_backoff": "1s", "max_backoff": "PT1M", "jitter": 0},
                 "stage_timeout": "5m", "job_timeout": "1h30m", "heartbeat_timeout": "PT10S", "delivery": "kafka"}
                """.formatted(SCHEMA)));
        TypeDefinition definition = checked.definition();

        assertThat(definition.retryPolicy())
                .isEqualTo(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 0));
        assertThat(definition.jobTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(definition.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(definition.delivery()).isEqualTo(Delivery.KAFKA);
        assertThat(checked.payloadValidator().validate(json("{\"n\": \"one\"}")))
                .containsExactly(new Violation("payload.n", "must be an integer"));
        assertThat(DefinitionReader.read("acme.x", definition.toJson()).definition())
                .isEqualTo(definition);
    }

    @Test
    void anInvalidSchemaIsRefusedNamingPayloadSchema() {
        assertThat(fields("{\"description\": \"d\", \"stages\": [\"a\"], \"payload_schema\": {\"type\": \"integr\"}}"))
                .containsExactly("payload_schema");
        assertThat(fields("{\"description\": \"d\", \"stages\": [\"a\"], \"payload_schema\": [1]}"))
                .containsExactly("payload_schema");
        assertThat(fields("{\"description\": \"d\", \"stages\": [\"a\"], \"payload_schema\": "
                        + "{\"$schema\": \"http://json-schema.org/draft-07/schema#\"}}"))
                .containsExactly("payload_schema");
        assertThat(fields("{\"description\": \"d\", \"stages\": [\"a\"], \"payload_schema\": {}, "
                        + "\"result_schema\": {\"minimum\": \"x\"}}"))
                .containsExactly("result_schema");
    }

    @Test
    void everyBadFieldIsNamedInOneRefusal() {
        assertThat(fields("""
                        {"description": " ", "payload_schema": {}, "stages": ["a", "a", "", 3],
                         "retry": {"max_attempts": 0, "initial_backoff": "soon", "jitter": 1, "tries": 2},
                         "stage_timeout": "0s", "job_timeout": 30, "heartbeat_timeout": "2h",
                         "delivery": "pigeon", "colour": "red", "name": "other"}
                        """))
                .containsExactly(
                        "colour",
                        "delivery",
                        "description",
                        "heartbeat_timeout",
                        "job_timeout",
                        "name",
                        "retry.initial_backoff",
                        "retry.jitter",
                        "retry.max_attempts",
                        "retry.tries",
                        "stage_timeout",
                        "stages[1]",
                        "stages[2]",
                        "stages[3]");
        assertThat(fields("{\"payload_schema\": {}}")).containsExactly("description", "stages");
        assertThat(fields("{\"description\": \"d\", \"payload_schema\": {}, \"stages\": [\"a\"], "
                        + "\"retry_policy\": {\"initial_backoff\": \"1m\", \"max_backoff\": \"1s\"}}"))
                .containsExactly("retry_policy.max_backoff");
    }
}
