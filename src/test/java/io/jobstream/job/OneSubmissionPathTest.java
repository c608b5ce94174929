package io.jobstream.job;

import static io.jobstream.support.SubmissionsTopic.deadLetterReasons;
import static io.jobstream.support.SubmissionsTopic.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every door leads to one submit path: a submission refused on one door is refused on the
 * others with the same field and message, and an idempotency key means the same everywhere.
 */
@JobstreamTest
class OneSubmissionPathTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    String owner;
    ApiClient client;

    @BeforeEach
    void owner() {
        owner = "doors-" + UUID.randomUUID();
        client = ApiClient.as(owner, port);
    }

    @Test
    void aWrongPayloadIsRefusedWithTheSameFieldAndMessageOnEveryDoor() {
        JsonNode single = problem("/api/jobs", "{\"type\": \"demo\", \"payload\": {\"stages\": \"three\"}}");
        JsonNode batch =
                problem("/api/jobs/batch", "{\"jobs\": [{\"type\": \"demo\", \"payload\": {\"stages\": \"three\"}}]}");
        String key = "bad-payload-" + UUID.randomUUID();
        produce(key, "{\"type\": \"demo\", \"payload\": {\"stages\": \"three\"}, \"owner\": \"" + owner + "\"}");

        JsonNode error = single.get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("payload.stages");
        assertThat(error.get("message").asString()).isEqualTo("must be an integer");
        assertThat(batch.get("errors").get(0).get("field").asString()).isEqualTo("jobs[0].payload.stages");
        assertThat(batch.get("errors").get(0).get("message").asString()).isEqualTo("must be an integer");
        assertThat(deadLetterReasons(List.of(key)).get(key)).isEqualTo("payload.stages: must be an integer");
    }

    @Test
    void anIdempotencyKeyThatOneDoorRefusesEveryDoorRefuses() {
        String spaced = "order 4711";
        client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", spaced)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key")
                .jsonPath("$.errors[0].message")
                .isEqualTo("must be 1 to 255 visible ASCII characters (no spaces)");

        String record = "spaced-field-" + UUID.randomUUID();
        produce(
                record,
                "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner
                        + "\", \"idempotency_key\": \"" + spaced + "\"}");
        String recordKey = "spaced key " + UUID.randomUUID();
        produce(recordKey, "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}");

        Map<String, String> reasons = deadLetterReasons(List.of(record, recordKey));
        assertThat(reasons.get(record))
                .isEqualTo("idempotency_key: must be 1 to 255 visible ASCII characters (no spaces)");
        assertThat(reasons.get(recordKey))
                .startsWith("key: a record key serves as idempotency key: it must be 1 to 255"
                        + " visible ASCII characters (no spaces)");
        assertThat(client.getJson("/api/jobs").get("total").asLong()).isZero();
    }

    /** The longest key one door takes, the other takes too, and both name the same job by it. */
    @Test
    void aKeyAcceptedOnOneDoorIsAcceptedOnTheOtherAndNamesTheSameJob() {
        String key = "~!" + "k".repeat(251) + "#$";
        String created = client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();

        produce(
                "same-content-" + UUID.randomUUID(),
                "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner
                        + "\", \"idempotency_key\": \"" + key + "\"}");
        String otherContent = "other-content-" + UUID.randomUUID();
        produce(
                otherContent,
                "{\"type\": \"demo\", \"payload\": {\"stages\": 2}, \"owner\": \"" + owner
                        + "\", \"idempotency_key\": \"" + key + "\"}");

        assertThat(deadLetterReasons(List.of(otherContent)).get(otherContent))
                .isEqualTo("Idempotency-Key '" + key + "' was used before for a different request");
        await().atMost(ApiClient.TIMEOUT)
                .until(() -> client.getJson("/api/jobs").get("total").asLong() == 1);
        assertThat(client.getJson("/api/jobs").get("jobs").get(0).get("id").asString())
                .isEqualTo(created);
    }

    private JsonNode problem(String uri, String body) {
        byte[] answer = client.http()
                .post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(answer);
    }
}
