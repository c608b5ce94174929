package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Cancel, rerun and delete from history, and who may do them. */
@JobstreamTest
class JobCommandsTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DatabaseClient db;

    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void clients() {
        alice = ApiClient.as("alice", port);
        bob = ApiClient.as("bob", port);
    }

    private double runningHere() {
        return meters.get("jobstream.jobs.running").gauge().value();
    }

    @Test
    void cancellingARunningJobStopsItsWorkWithinASecond() {
        await().atMost(Duration.ofSeconds(30)).until(() -> runningHere() == 0);
        String id = alice.submit("demo", Map.of("stages", 3, "stage_ms", 10_000))
                .get("id")
                .asString();
        alice.awaitStatus(id, "processing");
        assertThat(runningHere()).isEqualTo(1);

        JsonNode answer = alice.cancel(id);

        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("job_id").asString()).isEqualTo(id);
        assertThat(answer.get("status").asString()).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(1)).until(() -> runningHere() == 0);
        JsonNode job = alice.get(id);
        assertThat(job.get("status").asString()).isEqualTo("cancelled");
        assertThat(job.get("completed_at").isNull()).isFalse();
        List<String> kinds = kinds(alice.getJson("/api/jobs/{id}/events", id));
        assertThat(kinds).containsExactly("queued", "started", "cancelled");
        assertThat(alice.readEvents(id)).extracting(e -> e.event()).containsExactly("state");
    }

    @Test
    void cancellingAFinishedJobIsAConflict() {
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        alice.awaitStatus(id, "completed");

        alice.http()
                .delete()
                .uri("/api/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("CONFLICT");
    }

    @Test
    void rerunCreatesAQueuedCopyLinkedToTheOriginal() {
        String original = alice.submit("demo", Map.of("stages", 1, "fail_at_stage", 1))
                .get("id")
                .asString();
        alice.awaitStatus(original, "failed");

        JsonNode rerun = alice.http()
                .post()
                .uri("/api/jobs/{id}/rerun", original)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("Location", "/api/jobs/[0-9a-f-]{36}")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(rerun.get("status").asString()).isEqualTo("queued");
        assertThat(rerun.get("original_job_id").asString()).isEqualTo(original);
        assertThat(rerun.get("type").asString()).isEqualTo("demo");
        assertThat(rerun.get("payload")).isEqualTo(alice.get(original).get("payload"));
        assertThat(rerun.get("id").asString()).isNotEqualTo(original);
        assertThat(alice.getJson("/api/jobs?original_job_id={id}", original).get("jobs"))
                .extracting(job -> job.get("id").asString())
                .containsExactly(rerun.get("id").asString());
        JsonNode rerunOfRerun = alice.awaitStatus(rerun.get("id").asString(), "failed");
        assertThat(rerunOfRerun.get("error_code").asString()).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void rerunOfAnActiveJobIsAConflict() {
        String id = alice.submit("demo", Map.of("stages", 1, "stage_ms", 10_000))
                .get("id")
                .asString();

        alice.http()
                .post()
                .uri("/api/jobs/{id}/rerun", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        alice.cancel(id);
    }

    @Test
    void deletingFromHistoryRemovesTheJobItsEventsAndTheBytesOfItsArtifacts() {
        String id = alice.submit("demo", Map.of("stages", 2, "artifact", true))
                .get("id")
                .asString();
        alice.awaitStatus(id, "completed");
        assertThat(rowsOf(id, "job_events")).isPositive();
        assertThat(rowsOf(id, "job_checkpoints")).isPositive();
        assertThat(storedUnder(id)).isOne();

        alice.http()
                .delete()
                .uri("/api/history/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.message")
                .isEqualTo("Job deleted successfully")
                .jsonPath("$.job_id")
                .isEqualTo(id);

        alice.http().get().uri("/api/jobs/{id}", id).exchange().expectStatus().isNotFound();
        assertThat(rowsOf(id, "job_events")).isZero();
        assertThat(rowsOf(id, "job_checkpoints")).isZero();
        assertThat(storedUnder(id)).isZero();
    }

    /** Objects the default (PostgreSQL) storage holds for the job. */
    private long storedUnder(String jobId) {
        return db.sql("select count(*) from stored_objects where key like :prefix")
                .bind("prefix", "jobs/" + jobId + "/%")
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    private long rowsOf(String jobId, String table) {
        return db.sql("select count(*) from " + table + " where job_id = :id")
                .bind("id", UUID.fromString(jobId))
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    @Test
    void deletingAnActiveJobIsAConflict() {
        String id = alice.submit("demo", Map.of("stages", 1, "stage_ms", 10_000))
                .get("id")
                .asString();

        alice.http()
                .delete()
                .uri("/api/history/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        alice.cancel(id);
    }

    @Test
    void anotherUsersJobIsNotFoundOnEveryEndpoint() {
        String id = alice.submit("demo", Map.of("stages", 1, "artifact", true))
                .get("id")
                .asString();
        alice.awaitStatus(id, "completed");
        WebTestClient http = bob.http();

        List<WebTestClient.RequestHeadersSpec<?>> requests = List.of(
                http.get().uri("/api/jobs/{id}", id),
                http.get().uri("/api/history/jobs/{id}", id),
                http.get().uri("/api/jobs/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM),
                http.get().uri("/api/jobs/{id}/events", id).accept(MediaType.APPLICATION_JSON),
                http.get().uri("/api/jobs/{id}/logs", id),
                http.get().uri("/api/jobs/{id}/documents", id),
                http.get().uri("/api/jobs/{id}/artifacts", id),
                http.get().uri("/api/jobs/{id}/artifacts/report.txt", id),
                http.get().uri("/api/jobs/{id}/download-archive", id),
                http.delete().uri("/api/jobs/{id}", id),
                http.post().uri("/api/jobs/{id}/rerun", id),
                http.delete().uri("/api/history/jobs/{id}", id));
        for (var request : requests) {
            request.exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.error_code")
                    .isEqualTo("NOT_FOUND");
        }
        assertThat(alice.get(id).get("status").asString()).isEqualTo("completed");
    }

    @Test
    void adminSeesAndManagesEveryUsersJobs() {
        ApiClient admin = ApiClient.as("root", "jobs:admin", port);
        String id = alice.submit("demo", Map.of("stages", 1, "stage_ms", 10_000))
                .get("id")
                .asString();

        assertThat(admin.get(id).get("owner").asString()).isEqualTo("alice");
        assertThat(admin.cancel(id).get("status").asString()).isEqualTo("cancelled");
        JsonNode rerun = admin.http()
                .post()
                .uri("/api/jobs/{id}/rerun", id)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(rerun.get("owner").asString()).isEqualTo("alice");
        alice.cancel(rerun.get("id").asString());
    }

    @Test
    void missingScopeIsForbidden() {
        ApiClient reader = ApiClient.as("alice", "jobs:read", port);
        ApiClient writer = ApiClient.as("alice", "jobs:write", port);
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();

        reader.http()
                .post()
                .uri("/api/jobs")
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1)))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .valueMatches("WWW-Authenticate", ".*insufficient_scope.*")
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("FORBIDDEN");
        reader.http()
                .delete()
                .uri("/api/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isForbidden();
        writer.http().get().uri("/api/jobs/{id}", id).exchange().expectStatus().isForbidden();
        reader.http().get().uri("/api/jobs/{id}", id).exchange().expectStatus().isOk();
    }

    @Test
    void logsAndEventLogArePagedForPollingClients() {
        String id = alice.submit("demo", Map.of("stages", 3)).get("id").asString();
        alice.awaitStatus(id, "completed");

        JsonNode firstEvents = alice.getJson("/api/jobs/{id}/events?limit=2", id);
        JsonNode restEvents = alice.getJson(
                "/api/jobs/{id}/events?after={a}",
                id,
                firstEvents.get("last_seq").asLong());
        JsonNode logs = alice.getJson("/api/jobs/{id}/logs?limit=4&offset=2", id);
        JsonNode detail = alice.get(id);

        assertThat(kinds(firstEvents)).containsExactly("queued", "started");
        assertThat(firstEvents.get("has_more").asBoolean()).isTrue();
        assertThat(kinds(restEvents)).containsExactly("progress", "progress", "progress", "completed");
        assertThat(restEvents.get("has_more").asBoolean()).isFalse();
        assertThat(logs.get("total").asInt()).isEqualTo(6);
        assertThat(logs.get("has_more").asBoolean()).isFalse();
        assertThat(field(logs.get("logs"), line -> line.get("message").asString()))
                .containsExactly(
                        "[stage-1] Stage 1 of 3 done",
                        "[stage-2] Stage 2 of 3 done",
                        "[stage-3] Stage 3 of 3 done",
                        "[stage-3] Completed");
        assertThat(field(logs.get("logs"), line -> line.get("level").asString()))
                .containsOnly("INFO");
        assertThat(detail.get("logs")).hasSize(6);
        assertThat(detail.get("stage").asString()).isEqualTo("stage-3");
        assertThat(detail.get("result_type").asString()).isEqualTo("json");
    }

    private static List<String> kinds(JsonNode eventPage) {
        return field(eventPage.get("events"), event -> event.get("kind").asString());
    }

    private static List<String> field(JsonNode array, Function<JsonNode, String> field) {
        return StreamSupport.stream(array.spliterator(), false).map(field).toList();
    }
}
