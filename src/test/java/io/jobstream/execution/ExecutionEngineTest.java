package io.jobstream.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.Attempt;
import io.jobstream.job.Progress;
import io.jobstream.job.StoredJobs;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Retries, checkpoints, time limits, the outbox and crash recovery, each shown by breaking something. */
@JobstreamTest
class ExecutionEngineTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    ApiClient client;
    String owner;

    @BeforeEach
    void client() {
        owner = "engine-" + UUID.randomUUID();
        client = ApiClient.as(owner, port);
    }

    private List<JsonNode> events(String id) {
        return StreamSupport.stream(
                        client.getJson("/api/jobs/{id}/events?limit=1000", id)
                                .get("events")
                                .spliterator(),
                        false)
                .toList();
    }

    private List<String> kinds(String id) {
        return events(id).stream().map(event -> event.get("kind").asString()).toList();
    }

    private List<String> finishedStages(String id) {
        return events(id).stream()
                .filter(event -> event.get("kind").asString().equals("progress"))
                .map(event -> event.at("/progress/stage").asString())
                .toList();
    }

    @Test
    void retryableFailureIsRetriedWithBackoffUntilItSucceeds() {
        String id = client.submit("demo", Map.of("stages", 1, "fail_times", 2))
                .get("id")
                .asString();

        JsonNode job = client.awaitStatus(id, "completed");

        assertThat(job.get("attempts").asInt()).isEqualTo(3);
        assertThat(job.get("retry_count").asInt()).isEqualTo(2);
        assertThat(job.get("error_code").isNull()).isTrue();
        assertThat(kinds(id))
                .containsExactly(
                        "queued", "started", "retrying", "started", "retrying", "started", "progress", "completed");
        List<JsonNode> retries = events(id).stream()
                .filter(e -> e.get("kind").asString().equals("retrying"))
                .toList();
        assertThat(retries).allSatisfy(retry -> {
            assertThat(retry.get("status").asString()).isEqualTo("retrying");
            assertThat(retry.get("error_code").asString()).isEqualTo("INTERNAL_ERROR");
        });
    }

    @Test
    void nonRetryableFailureFailsAtOnce() {
        String id = client.submit(
                        "demo",
                        Map.of("stages", 1, "fail_times", 2, "retryable", false, "error_code", "VALIDATION_ERROR"))
                .get("id")
                .asString();

        JsonNode job = client.awaitStatus(id, "failed");

        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("retry_count").asInt()).isZero();
        assertThat(job.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void retryableFailureFailsOnceTheAttemptsAreUsedUp() {
        String id = client.submit(
                        "demo", Map.of("stages", 1, "fail_times", 5, "max_attempts", 2, "error_code", "PARSE_ERROR"))
                .get("id")
                .asString();

        JsonNode job = client.awaitStatus(id, "failed");

        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(job.get("retry_count").asInt()).isEqualTo(1);
        assertThat(job.get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(job.get("error").asString()).contains("attempt 2");
    }

    @Test
    void retryStartsAtTheFirstUnfinishedStage() {
        String id = client.submit("demo", Map.of("stages", 3, "fail_at_stage", 2, "fail_times", 1))
                .get("id")
                .asString();

        JsonNode job = client.awaitStatus(id, "completed");

        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(finishedStages(id)).containsExactly("stage-1", "stage-2", "stage-3");
        assertThat(job.at("/result/stages_completed").asInt()).isEqualTo(3);
    }

    @Test
    void stageOverItsTimeLimitFailsWithTimeout() {
        String id = client.submit(
                        "demo", Map.of("stages", 2, "stage_ms", 5_000, "stage_timeout_ms", 200, "max_attempts", 1))
                .get("id")
                .asString();

        JsonNode job = client.awaitStatus(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("TIMEOUT");
        assertThat(job.get("error").asString()).contains("stage stage-1");
        assertThat(finishedStages(id)).isEmpty();
    }

    @Test
    void jobOverItsTimeLimitFailsWithTimeout() {
        String id = client.submit(
                        "demo", Map.of("stages", 5, "stage_ms", 300, "job_timeout_ms", 700, "max_attempts", 1))
                .get("id")
                .asString();

        JsonNode job = client.awaitStatus(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("TIMEOUT");
        assertThat(job.get("error").asString()).contains("the job");
        assertThat(finishedStages(id)).hasSizeBetween(1, 3);
    }

    @Test
    void jobCommittedButNeverPublishedStillRuns() {
        UUID id = StoredJobs.in(context).queuedButNeverPublished(owner, 1).id();

        JsonNode job = client.awaitStatus(id.toString(), "completed");

        assertThat(job.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void jobOfADeadInstanceResumesFromItsLastCheckpointElsewhere() {
        // an instance claimed it, finished its first stage and died: its lease runs out
        StoredJobs jobs = StoredJobs.in(context);
        Attempt dead = jobs.running(owner, 3, "dead-instance", Duration.ofMillis(500), null);
        jobs.stageDone(
                dead,
                0,
                JsonNodeFactory.instance.objectNode().put("stages_completed", 1),
                new Progress(33, "stage-1", "Stage 1 of 3 done"));
        UUID id = dead.jobId();

        JsonNode job = client.awaitStatus(id.toString(), "completed");

        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(kinds(id.toString()))
                .containsExactly(
                        "queued", "started", "progress", "queued", "started", "progress", "progress", "completed");
        assertThat(finishedStages(id.toString())).containsExactly("stage-1", "stage-2", "stage-3");
        assertThat(job.at("/result/stages_completed").asInt()).isEqualTo(3);
    }
}
