package io.jobstream.execution;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** Retries, checkpoints, time limits, the outbox and crash recovery, each shown by breaking something. */
@JobstreamTest
class ExecutionEngineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

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
        UUID id = UUID.randomUUID();
        db.sql("insert into jobs (id, owner, type, status, payload, last_event_seq, created_at, updated_at, run_at)"
                        + " values (:id, :owner, 'demo', 'queued', '{\"stages\": 1}', 1, now(), now(), now())")
                .bind("id", id)
                .bind("owner", owner)
                .then()
                .then(db.sql("insert into job_events (job_id, seq, kind, status, percent, created_at)"
                                + " values (:id, 1, 'queued', 'queued', 0, now())")
                        .bind("id", id)
                        .then())
                .block(TIMEOUT);

        JsonNode job = client.awaitStatus(id.toString(), "completed");

        assertThat(job.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void jobOfADeadInstanceResumesFromItsLastCheckpointElsewhere() {
        UUID id = UUID.randomUUID();
        db.sql(
                        "insert into jobs (id, owner, type, status, payload, last_event_seq, created_at, updated_at, run_at,"
                                + " started_at, attempts, claimed_by, lease_expires_at, dispatched_at, progress_percent,"
                                + " progress_stage) values (:id, :owner, 'demo', 'processing', '{\"stages\": 3}', 3, now(), now(),"
                                + " now(), now(), 1, 'dead-instance', now() + interval '500 milliseconds', now(), 33, 'stage-1')")
                .bind("id", id)
                .bind("owner", owner)
                .then()
                .then(db.sql("insert into job_events (job_id, seq, kind, status, percent, stage, created_at) values"
                                + " (:id, 1, 'queued', 'queued', 0, null, now()), (:id, 2, 'started', 'processing', 0, null, now()),"
                                + " (:id, 3, 'progress', 'processing', 33, 'stage-1', now())")
                        .bind("id", id)
                        .then())
                .then(db.sql("insert into job_checkpoints (job_id, stage_index, stage, output, created_at)"
                                + " values (:id, 0, 'stage-1', '{\"stages_completed\": 1}', now())")
                        .bind("id", id)
                        .then())
                .block(TIMEOUT);

        JsonNode job = client.awaitStatus(id.toString(), "completed");

        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(kinds(id.toString()))
                .containsExactly(
                        "queued", "started", "progress", "queued", "started", "progress", "progress", "completed");
        assertThat(finishedStages(id.toString())).containsExactly("stage-1", "stage-2", "stage-3");
        assertThat(job.at("/result/stages_completed").asInt()).isEqualTo(3);
    }
}
