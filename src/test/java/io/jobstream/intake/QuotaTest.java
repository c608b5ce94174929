package io.jobstream.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** One owner's flood meets the quota (20 active jobs in the tests): REST is told to wait, Kafka waits its turn. */
@JobstreamTest
class QuotaTest {

    private static final int QUOTA = 20;

    @LocalServerPort
    int port;

    private List<String> idsWithStatus(ApiClient client, String status) {
        List<String> ids = new ArrayList<>();
        client.getJson("/api/jobs?limit=100&status={s}", status)
                .get("jobs")
                .forEach(job -> ids.add(job.get("id").asString()));
        return ids;
    }

    private void cancelActive(ApiClient client) {
        for (String status : List.of("queued", "processing", "retrying")) {
            idsWithStatus(client, status)
                    .forEach(id ->
                            client.http().delete().uri("/api/jobs/{id}", id).exchange());
        }
    }

    @Test
    void restSubmissionBeyondTheQuotaIsTooManyRequests() {
        ApiClient client = ApiClient.as("quota-rest-" + UUID.randomUUID(), port);
        IntStream.range(0, QUOTA).forEach(i -> client.submit("demo", Map.of("stages", 1, "stage_ms", 30_000)));

        client.http()
                .post()
                .uri("/api/jobs")
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1)))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .valueEquals("Retry-After", "10")
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("QUOTA_EXCEEDED");
        client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of("jobs", List.of(Map.of("type", "demo", "payload", Map.of("stages", 1)))))
                .exchange()
                .expectStatus()
                .isEqualTo(429);
        assertThat(client.getJson("/api/jobs").get("total").asInt()).isEqualTo(QUOTA);
        cancelActive(client);
        client.submit("demo", Map.of("stages", 1));
    }

    @Test
    void aRepeatedSubmissionAtTheQuotaReturnsItsFirstJob() {
        ApiClient client = ApiClient.as("quota-replay-" + UUID.randomUUID(), port);
        Map<String, Object> body = Map.of("type", "demo", "payload", Map.of("stages", 1, "stage_ms", 30_000));
        String first = submitWithKey(client, body, "replay-at-quota")
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        IntStream.range(1, QUOTA).forEach(i -> client.submit("demo", Map.of("stages", 1, "stage_ms", 30_000)));

        JsonNode repeated = submitWithKey(client, body, "replay-at-quota")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(repeated.get("id").asString()).isEqualTo(first);
        submitWithKey(client, Map.of("type", "demo", "payload", Map.of("stages", 2)), "another-key")
                .expectStatus()
                .isEqualTo(429);
        cancelActive(client);
    }

    private static WebTestClient.ResponseSpec submitWithKey(ApiClient client, Map<String, Object> body, String key) {
        return client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", key)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void kafkaFloodOfOneOwnerWaitsItsTurnWithoutStarvingOthers() throws Exception {
        ApiClient flooder = ApiClient.as("quota-flood-" + UUID.randomUUID(), port);
        ApiClient other = ApiClient.as("quota-other-" + UUID.randomUUID(), port);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < QUOTA + 10; i++) {
                producer.send(new ProducerRecord<>(
                                "jobstream.submissions",
                                UUID.randomUUID().toString(),
                                "{\"type\": \"demo\", \"payload\": {\"stages\": 1, \"stage_ms\": 30000}, \"owner\": \""
                                        + flooder.subject() + "\"}"))
                        .get();
            }
            await().atMost(ApiClient.TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(idsWithStatus(flooder, "processing")).hasSizeLessThanOrEqualTo(QUOTA);
                        return flooder.getJson("/api/jobs").get("total").asInt() == QUOTA + 10
                                && idsWithStatus(flooder, "processing").size() == QUOTA;
                    });

            producer.send(new ProducerRecord<>(
                            "jobstream.submissions",
                            UUID.randomUUID().toString(),
                            "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + other.subject()
                                    + "\"}"))
                    .get();

            await().atMost(ApiClient.TIMEOUT)
                    .until(() -> idsWithStatus(other, "completed").size() == 1);
        }
        assertThat(idsWithStatus(flooder, "queued")).hasSize(10);
        assertThat(idsWithStatus(flooder, "processing")).hasSize(QUOTA);
        String runningOne = idsWithStatus(flooder, "processing").getFirst();
        flooder.cancel(runningOne);
        await().atMost(ApiClient.TIMEOUT)
                .until(() -> idsWithStatus(flooder, "queued").size() == 9);
        cancelActive(flooder);
        JsonNode page = flooder.getJson("/api/jobs?status=queued,processing");
        assertThat(page.get("total").asInt()).isZero();
    }
}
