package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.HttpWorker;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import io.jobstream.support.SubmissionsTopic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Delayed jobs: {@code run_at} or {@code delay} on every door; such a job waits {@code queued}
 * with its {@code run_at} shown, and starts within a second of it, never before.
 */
@JobstreamTest
class DelayedJobTest {

    /** How late after its {@code run_at} a job may start: the relay's tick, a publish and a claim. */
    private static final Duration PROMPTLY = Duration.ofSeconds(1);

    private static final Map<String, Object> QUICK_DEMO = Map.of("stages", 1, "stage_ms", 10);

    @LocalServerPort
    int port;

    ApiClient client;

    /** Whether a job has run since this class began: the first one after start-up waits for Kafka's consumer groups. */
    static boolean workersUp;

    @BeforeEach
    void freshUser() {
        client = ApiClient.as("delayed-" + UUID.randomUUID(), port);
        if (!workersUp) {
            ApiClient warmUp = ApiClient.as("delayed-warm-up-" + UUID.randomUUID(), port);
            warmUp.awaitStatus(warmUp.submit("demo", QUICK_DEMO).get("id").asString(), "completed");
            workersUp = true;
        }
    }

    @Test
    void jobWithRunAtStaysQueuedUntilThenStartsWithinASecond() {
        Instant runAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);

        JsonNode job = submit(Map.of("type", "demo", "payload", QUICK_DEMO, "run_at", runAt.toString()));

        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(instant(job, "run_at")).isEqualTo(runAt);
        String id = job.get("id").asString();
        JsonNode listed = client.getJson("/api/jobs?limit=100").get("jobs").get(0);
        assertThat(listed.get("id").asString()).isEqualTo(id);
        assertThat(instant(listed, "run_at")).isEqualTo(runAt);
        assertStartsPromptlyAtRunAt(id);
    }

    @Test
    void delayIsCountedFromWhenTheJobIsStored() {
        JsonNode simple = submit(Map.of("type", "demo", "payload", QUICK_DEMO, "delay", "2s"));
        JsonNode iso = submit(Map.of("type", "demo", "payload", QUICK_DEMO, "delay", "PT1.5S"));

        assertThat(instant(simple, "run_at"))
                .isEqualTo(instant(simple, "created_at").plusSeconds(2));
        assertThat(instant(iso, "run_at")).isEqualTo(instant(iso, "created_at").plusMillis(1500));
        assertThat(simple.get("status").asString()).isEqualTo("queued");
        assertStartsPromptlyAtRunAt(simple.get("id").asString());
        assertStartsPromptlyAtRunAt(iso.get("id").asString());
    }

    @Test
    void runAtInThePastStartsAtOnce() {
        JsonNode job = submit(Map.of(
                "type",
                "demo",
                "payload",
                QUICK_DEMO,
                "run_at",
                Instant.now().minusSeconds(3600).toString()));

        assertThat(instant(job, "run_at")).isEqualTo(instant(job, "created_at"));
        assertStartsPromptlyAtRunAt(job.get("id").asString());
    }

    @Test
    void batchDelayIsTheDefaultOfJobsWithoutTheirOwn() {
        Instant runAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        JsonNode batch = client.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "delay",
                        "2s",
                        "jobs",
                        List.of(
                                Map.of("type", "demo", "payload", QUICK_DEMO),
                                Map.of("type", "demo", "payload", QUICK_DEMO, "delay", "0s"),
                                Map.of("type", "demo", "payload", QUICK_DEMO, "run_at", runAt.toString()))))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        JsonNode jobs = batch.get("jobs");
        Instant created = instant(batch, "created_at");
        assertThat(instant(jobs.get(0), "run_at")).isEqualTo(created.plusSeconds(2));
        assertThat(instant(jobs.get(1), "run_at")).isEqualTo(created);
        assertThat(instant(jobs.get(2), "run_at")).isEqualTo(runAt);
        for (JsonNode job : jobs) {
            assertStartsPromptlyAtRunAt(job.get("id").asString());
        }
    }

    @Test
    void kafkaRecordWithRunAtWaitsForIt() {
        Instant runAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        String key = "delayed-" + UUID.randomUUID();

        SubmissionsTopic.produce(key, """
                {"type": "demo", "payload": {"stages": 1, "stage_ms": 10}, "owner": "%s", "run_at": "%s"}""".formatted(client.subject(), runAt));

        await().atMost(ApiClient.TIMEOUT)
                .until(() -> client.getJson("/api/jobs").get("total").asInt() == 1);
        JsonNode job = client.getJson("/api/jobs").get("jobs").get(0);
        assertThat(instant(job, "run_at")).isEqualTo(runAt);
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertStartsPromptlyAtRunAt(job.get("id").asString());
    }

    @Test
    void delayedJobCancelledBeforeItsTimeNeverStarts() {
        String id = submit(Map.of("type", "demo", "payload", QUICK_DEMO, "delay", "1s"))
                .get("id")
                .asString();

        assertThat(client.cancel(id).get("status").asString()).isEqualTo("cancelled");

        // until past its run_at and the relay's next looks: still cancelled, never started
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> {
            JsonNode job = client.get(id);
            return job.get("status").asString().equals("cancelled")
                    && job.get("started_at").isNull()
                    && job.get("attempts").asInt() == 0;
        });
    }

    @Test
    void externalJobCannotBeClaimedBeforeItsRunAt() {
        String type = RegisteredTypes.uniqueName("delayed");
        RegisteredTypes.register(RegisteredTypes.admin(port), type, RegisteredTypes.countingDefinition());
        HttpWorker worker = HttpWorker.any(port);
        JsonNode job = submit(Map.of("type", type, "payload", Map.of("n", 1), "delay", "2s"));
        Instant runAt = instant(job, "run_at");

        assertThat(worker.claim(List.of(type), 1, 0)).isEmpty();
        JsonNode claimed = worker.claim(List.of(type), 1, 10);

        assertThat(claimed).hasSize(1);
        assertThat(claimed.get(0).get("id").asString()).isEqualTo(job.get("id").asString());
        JsonNode started = client.get(job.get("id").asString());
        assertThat(started.get("status").asString()).isEqualTo("processing");
        assertThat(instant(started, "started_at")).isAfterOrEqualTo(runAt);
        assertThat(Duration.between(runAt, instant(started, "started_at"))).isLessThan(PROMPTLY);
    }

    @Test
    void refusedSchedulesNameTheirField() {
        String inAMonth = Instant.now().plus(Duration.ofDays(31)).toString();
        Map<String, Object> demo = Map.of("type", "demo", "payload", QUICK_DEMO);

        expectRefused(with(demo, Map.of("run_at", Instant.now().toString(), "delay", "5s")), "delay");
        expectRefused(with(demo, Map.of("run_at", "tomorrow")), "run_at");
        expectRefused(with(demo, Map.of("run_at", "2030-01-01T10:00:00")), "run_at");
        expectRefused(with(demo, Map.of("run_at", 1_800_000_000)), "run_at");
        expectRefused(with(demo, Map.of("run_at", inAMonth)), "run_at");
        expectRefused(with(demo, Map.of("delay", "soon")), "delay");
        expectRefused(with(demo, Map.of("delay", 30)), "delay");
        expectRefused(with(demo, Map.of("delay", "-PT5S")), "delay");
        expectRefused(with(demo, Map.of("delay", "31d")), "delay");
        ValidationProblem.expectNaming(batch(Map.of("delay", "soon", "jobs", List.of(demo))), "delay");
        ValidationProblem.expectNaming(
                batch(Map.of("jobs", List.of(demo, with(demo, Map.of("run_at", inAMonth))))), "jobs[1].run_at");
        assertThat(client.getJson("/api/jobs").get("total").asInt()).isZero();
    }

    @Test
    void delayedJobsCountTowardsTheQuotaWhileTheyWait() {
        // the tests' quota is 20 active jobs per owner (JobstreamTest)
        Map<String, Object> later = Map.of("type", "demo", "payload", QUICK_DEMO, "delay", "1m");
        String batchId = batch(Map.of("jobs", Collections.nCopies(20, later)))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("batch_id")
                .asString();

        withKey("over-quota-" + UUID.randomUUID(), Map.of("type", "demo", "payload", QUICK_DEMO))
                .expectStatus()
                .isEqualTo(429);
        client.http()
                .delete()
                .uri("/api/jobs/batch/{id}", batchId)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(submit(Map.of("type", "demo", "payload", QUICK_DEMO))
                        .get("status")
                        .asString())
                .isEqualTo("queued");
    }

    @Test
    void idempotencyKeyCoversTheScheduleAsSent() {
        String key = "delayed-" + UUID.randomUUID();
        Map<String, Object> inFiveMinutes = Map.of("type", "demo", "payload", QUICK_DEMO, "delay", "5m");

        JsonNode first = withKey(key, inFiveMinutes)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode again = withKey(key, inFiveMinutes)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        withKey(key, with(inFiveMinutes, Map.of("delay", "6m"))).expectStatus().isEqualTo(409);

        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(again.get("run_at").asString()).isEqualTo(first.get("run_at").asString());
        client.cancel(first.get("id").asString());
    }

    @Test
    void kafkaRecordWithABadDelayIsSetAsideNamingIt() {
        String key = "bad-delay-" + UUID.randomUUID();

        SubmissionsTopic.produce(
                key,
                "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + client.subject()
                        + "\", \"delay\": \"-5s\"}");

        assertThat(SubmissionsTopic.deadLetterReasons(List.of(key)).get(key)).contains("delay");
    }

    private WebTestClient.ResponseSpec withKey(String key, Map<String, ?> body) {
        return client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** The job completes; it started no earlier than its {@code run_at}, and no later than a second after. */
    private void assertStartsPromptlyAtRunAt(String id) {
        JsonNode job = client.awaitStatus(id, "completed");
        Instant runAt = instant(job, "run_at");
        Instant startedAt = instant(job, "started_at");
        assertThat(startedAt).isAfterOrEqualTo(runAt);
        assertThat(Duration.between(runAt, startedAt)).isLessThan(PROMPTLY);
    }

    private JsonNode submit(Map<String, ?> body) {
        return client.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private void expectRefused(Map<String, ?> body, String field) {
        ValidationProblem.expectNaming(
                client.http()
                        .post()
                        .uri("/api/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                field);
    }

    private WebTestClient.ResponseSpec batch(Map<String, ?> body) {
        return client.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> more) {
        Map<String, Object> merged = new java.util.HashMap<>(base);
        merged.putAll(more);
        return merged;
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.get(field).asString());
    }
}
