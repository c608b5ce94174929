package io.jobstream.intake;

import static io.jobstream.support.SubmissionsTopic.deadLetterReasons;
import static io.jobstream.support.SubmissionsTopic.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.SubmissionsTopic;
import io.jobstream.support.TestInfrastructure;
import io.jobstream.support.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Any producer can submit: a plain KafkaProducer, and kcat where it is installed. */
@JobstreamTest
class KafkaIntakeTest {

    @LocalServerPort
    int port;

    String owner;
    ApiClient client;

    @BeforeEach
    void owner() {
        owner = "kafka-" + UUID.randomUUID();
        client = ApiClient.as(owner, port);
    }

    private List<JsonNode> jobsOfOwner() {
        List<JsonNode> jobs = new ArrayList<>();
        client.getJson("/api/jobs?limit=100").get("jobs").forEach(jobs::add);
        return jobs;
    }

    @Test
    void recordFromAPlainProducerBecomesAJobOnce() {
        String record = "{\"type\": \"demo\", \"payload\": {\"stages\": 2}, \"owner\": \"" + owner + "\"}";

        produce("order-1", record);
        produce("order-1", record);

        await().atMost(ApiClient.TIMEOUT)
                .until(() -> jobsOfOwner().size() == 1
                        && jobsOfOwner().getFirst().get("status").asString().equals("completed"));
        produce("order-2", record.replace("\"stages\": 2", "\"stages\": 1"));
        await().atMost(ApiClient.TIMEOUT).until(() -> jobsOfOwner().size() == 2);
        assertThat(jobsOfOwner()).extracting(job -> job.get("type").asString()).containsOnly("demo");
    }

    @Test
    void recordsWithoutKeyUseTheirIdempotencyKeyOrTheirPlaceInTheTopic() {
        produce(
                null,
                "{\"job_type\": \"demo\", \"parameters\": {\"stages\": 1}, \"owner\": \"" + owner
                        + "\", \"idempotency_key\": \"same\"}");
        produce(
                null,
                "{\"job_type\": \"demo\", \"parameters\": {\"stages\": 1}, \"owner\": \"" + owner
                        + "\", \"idempotency_key\": \"same\"}");
        produce(null, "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}");

        await().atMost(ApiClient.TIMEOUT).until(() -> jobsOfOwner().size() == 2);
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheReasonAndStopNothing() {
        String badType = "bad-type-" + UUID.randomUUID();
        String notJson = "not-json-" + UUID.randomUUID();
        String noOwner = "no-owner-" + UUID.randomUUID();
        String longKey = "long-key-" + UUID.randomUUID() + "x".repeat(300);
        produce(longKey, "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}");
        produce(badType, "{\"type\": \"nope\", \"owner\": \"" + owner + "\"}");
        produce(notJson, "this is not json");
        produce(noOwner, "{\"type\": \"demo\", \"payload\": {\"stages\": 1}}");
        produce(
                "good-" + UUID.randomUUID(),
                "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}");

        Map<String, String> reasons = deadLetterReasons(List.of(badType, notJson, noOwner, longKey));
        assertThat(reasons.get(longKey)).contains("key");
        assertThat(reasons.get(badType))
                .contains("type: unknown job type 'nope'; known types: ")
                .contains("demo");
        assertThat(reasons.get(notJson)).contains("not valid JSON");
        assertThat(reasons.get(noOwner)).contains("owner");
        await().atMost(ApiClient.TIMEOUT).until(() -> jobsOfOwner().size() == 1);
    }

    @Test
    void recordWithAWebhookReportsToItAndOneWithARefusedWebhookIsSetAside() {
        try (var receiver = WebhookReceiver.answering()) {
            String refused = "refused-webhook-" + UUID.randomUUID();
            produce(
                    refused,
                    "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner
                            + "\", \"webhook_url\": \"http://10.0.0.1/hook\"}");
            produce(
                    "webhook-" + UUID.randomUUID(),
                    "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner
                            + "\", \"webhook\": {\"url\": \"" + receiver.url("/kafka")
                            + "\", \"client_job_id\": \"k-1\"}}");

            await().atMost(ApiClient.TIMEOUT).until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests().getFirst().json().get("phase").asString())
                    .isEqualTo("completed");
            assertThat(receiver.requests()
                            .getFirst()
                            .json()
                            .get("client_job_id")
                            .asString())
                    .isEqualTo("k-1");
            assertThat(deadLetterReasons(List.of(refused)).get(refused))
                    .contains("webhook.url")
                    .contains("a private address");
            assertThat(jobsOfOwner()).hasSize(1);
        }
    }

    @Test
    void kcatCanSubmitAJob() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/kcat")),
                "kcat is not installed; " + "recordFromAPlainProducerBecomesAJobOnce covers the same path");
        Process kcat = new ProcessBuilder(
                        "kcat",
                        "-b",
                        TestInfrastructure.kafkaBootstrapServers(),
                        "-t",
                        SubmissionsTopic.TOPIC,
                        "-P",
                        "-K",
                        ":")
                .redirectErrorStream(true)
                .start();
        kcat.getOutputStream()
                .write(("kcat-1:{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertThat(kcat.waitFor())
                .as(new String(kcat.getInputStream().readAllBytes()))
                .isZero();

        await().atMost(ApiClient.TIMEOUT)
                .until(() -> jobsOfOwner().size() == 1
                        && jobsOfOwner().getFirst().get("status").asString().equals("completed"));
    }
}
