package io.jobstream.system;

import static io.jobstream.support.SubmissionsTopic.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.WebhookReceiver;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * One trace per job, as an operator follows it in a tracing backend: the caller's
 * {@code traceparent} (on the request, or on the Kafka record) is the job's trace, the worker
 * that runs the job continues it (its log lines carry the trace id), and so does every
 * webhook request about the job (its {@code traceparent} header).
 */
@JobstreamTest
@ExtendWith(OutputCaptureExtension.class)
class JobTracesTest {

    private static final String WORKER_LOGGER = "io.jobstream.execution.JobWorker";

    @LocalServerPort
    int port;

    @Test
    void aTraceSpansTheRestSubmissionTheWorkerAndTheWebhookRequest(CapturedOutput output) {
        ApiClient user = ApiClient.as("traces-" + UUID.randomUUID(), port);
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(WORKER_LOGGER, LogLevel.DEBUG);
        try (var receiver = WebhookReceiver.answering()) {
            JsonNode submitted = user.http()
                    .post()
                    .uri("/api/jobs")
                    .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of(
                            "type",
                            "demo",
                            "payload",
                            Map.of("stages", 1),
                            "webhook",
                            Map.of("url", receiver.url("/traced"), "events", List.of("completed"))))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            String id = submitted.get("id").asString();
            assertThat(submitted.get("trace_id").asString()).isEqualTo(traceId);

            user.awaitStatus(id, "completed");
            assertThat(user.get(id).get("trace_id").asString()).isEqualTo(traceId);
            // the worker's line about the job, with the trace and its own span in Boot's correlation id
            await().atMost(ApiClient.TIMEOUT)
                    .untilAsserted(() -> assertThat(output.getAll())
                            .containsPattern("\\[" + traceId + "-[0-9a-f]{16}] .*Running job " + id));

            await().atMost(ApiClient.TIMEOUT).until(() -> !receiver.requests().isEmpty());
            String sent = receiver.requests().getFirst().header("traceparent");
            assertThat(sent)
                    .as("the webhook request continues the job's trace in a span of its own")
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                    .doesNotContain(callerSpan);
        } finally {
            logging.setLogLevel(WORKER_LOGGER, null);
        }
    }

    @Test
    void aJobWithoutATraceparentStartsATraceOfItsOwn() {
        ApiClient user = ApiClient.as("traces-" + UUID.randomUUID(), port);
        String first = user.submit("demo", Map.of("stages", 1)).get("trace_id").asString();
        String second = user.submit("demo", Map.of("stages", 1)).get("trace_id").asString();

        assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(second);
    }

    @Test
    void aKafkaSubmittedJobKeepsTheTraceOfItsRecord() {
        String owner = "traces-" + UUID.randomUUID();
        ApiClient user = ApiClient.as(owner, port);
        String traceId = randomHex(16);

        produce(
                "traced-" + UUID.randomUUID(),
                "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}",
                Map.of("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01"));

        JsonNode job = await().atMost(ApiClient.TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> user.getJson("/api/jobs").get("jobs"), jobs -> jobs.size() == 1)
                .get(0);
        String id = job.get("id").asString();
        user.awaitStatus(id, "completed");
        assertThat(user.get(id).get("trace_id").asString()).isEqualTo(traceId);
    }

    @Test
    void aTracedRequestWithABodyOverTheLimitStillGetsItsProblem() {
        ApiClient user = ApiClient.as("traces-" + UUID.randomUUID(), port);
        String big = "{\"type\": \"demo\", \"payload\": {\"stages\": 1, \"pad\": \"" + "x".repeat(2_200_000) + "\"}}";

        user.http()
                .post()
                .uri("/api/jobs")
                .header("traceparent", "00-" + randomHex(16) + "-" + randomHex(8) + "-01")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(big)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
