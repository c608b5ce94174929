package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Submitting: aliases, idempotency keys, batches, and the archive of what a job produced. */
@JobstreamTest
class JobSubmissionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    String user;
    ApiClient client;

    @BeforeEach
    void freshUser() {
        user = "submitter-" + UUID.randomUUID();
        client = ApiClient.as(user, port);
    }

    private long jobCount() {
        return client.getJson("/api/jobs").get("total").asLong();
    }

    @Test
    void jobTypeAndParametersAreAcceptedForTypeAndPayload() {
        JsonNode job = client.http()
                .post()
                .uri("/api/jobs")
                .bodyValue(Map.of("job_type", "demo", "parameters", Map.of("stages", 2)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(job.get("type").asString()).isEqualTo("demo");
        assertThat(job.at("/payload/stages").asInt()).isEqualTo(2);
    }

    @Test
    void repeatedIdempotencyKeyWithTheSameBodyReturnsTheFirstJob() {
        String first = submitWithKey(
                        "key-1", "{\"type\": \"demo\", \"payload\": {\"stages\": 1, \"stage_ms\": 5}}", 201)
                .get("id")
                .asString();

        JsonNode again = client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"payload\": {\"stage_ms\": 5, \"stages\": 1}, \"type\": \"demo\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Idempotent-Replayed", "true")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(again.get("id").asString()).isEqualTo(first);
        assertThat(jobCount()).isEqualTo(1);
    }

    @Test
    void repeatedIdempotencyKeyWithAnotherBodyIsAConflict() {
        submitWithKey("key-2", "{\"type\": \"demo\", \"payload\": {\"stages\": 1}}", 201);

        client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"demo\", \"payload\": {\"stages\": 2}}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("CONFLICT");
        assertThat(jobCount()).isEqualTo(1);
    }

    @Test
    void concurrentIdenticalRequestsCreateExactlyOneJob() {
        String body = "{\"type\": \"demo\", \"payload\": {\"stages\": 1}}";

        List<String> ids = Flux.range(0, 8)
                .flatMap(
                        i -> org.springframework.web.reactive.function.client.WebClient.create(
                                        "http://localhost:" + port)
                                .post()
                                .uri("/api/jobs")
                                .header(
                                        HttpHeaders.AUTHORIZATION,
                                        "Bearer " + io.jobstream.support.Tokens.forUser(user))
                                .header("Idempotency-Key", "race")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body)
                                .retrieve()
                                .bodyToMono(JsonNode.class)
                                .map(job -> job.get("id").asString()),
                        8)
                .collectList()
                .block(ApiClient.TIMEOUT);

        assertThat(ids).hasSize(8);
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(jobCount()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysBelongToTheirUser() {
        String body = "{\"type\": \"demo\", \"payload\": {\"stages\": 1}}";
        String mine = submitWithKey("shared-key", body, 201).get("id").asString();

        JsonNode theirs = ApiClient.as(user + "-other", port)
                .http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", "shared-key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(theirs.get("id").asString()).isNotEqualTo(mine);
    }

    private JsonNode submitWithKey(String key, String body, int status) {
        return client.http()
                .post()
                .uri("/api/jobs")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void batchRunsItsJobsAndReportsDerivedStatusAndCounts() {
        JsonNode batch = client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of(
                        "batch_name",
                        "nightly",
                        "jobs",
                        List.of(
                                Map.of("type", "demo", "payload", Map.of("stages", 1)),
                                Map.of("type", "demo", "payload", Map.of("stages", 2)),
                                Map.of("job_type", "demo", "parameters", Map.of("stages", 1, "fail_at_stage", 1)))))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("Location", "/api/jobs/batch/[0-9a-f-]{36}")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String batchId = batch.get("batch_id").asString();

        assertThat(batch.get("batch_name").asString()).isEqualTo("nightly");
        assertThat(batch.get("job_count").asInt()).isEqualTo(3);
        org.awaitility.Awaitility.await()
                .atMost(ApiClient.TIMEOUT)
                .until(() -> client.getJson("/api/jobs/batch/{id}", batchId)
                        .get("status")
                        .asString()
                        .equals("failed"));
        JsonNode done = client.getJson("/api/jobs/batch/{id}", batchId);
        assertThat(done.get("completed_count").asInt()).isEqualTo(2);
        assertThat(done.get("failed_count").asInt()).isEqualTo(1);
        assertThat(done.get("cancelled_count").asInt()).isZero();
        assertThat(done.at("/progress/percent").asInt()).isEqualTo(100);
        assertThat(done.get("jobs")).hasSize(3);
        assertThat(done.at("/jobs/0/batch_id").asString()).isEqualTo(batchId);
        assertThat(done.get("jobs"))
                .extracting(job -> job.get("error_code").isNull())
                .as("jobs in the order submitted: only the third failed")
                .containsExactly(true, true, false);
        // the answer to the submit is the batch as stored: what reading it back says
        assertThat(batch.get("created_at")).isEqualTo(done.get("created_at"));
        assertThat(batch.get("jobs"))
                .extracting(job -> job.get("id"))
                .containsExactlyElementsOf(
                        done.get("jobs").valueStream().map(job -> job.get("id")).toList());
        assertThat(batch.get("jobs"))
                .extracting(job -> job.get("status").asString())
                .containsOnly("queued");
    }

    @Test
    void oneBadJobRejectsTheWholeBatchAndNamesItsIndex() {
        client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of(
                        "jobs",
                        List.of(
                                Map.of("type", "demo", "payload", Map.of("stages", 1)),
                                Map.of("type", "demo", "payload", Map.of("stages", "two")))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("jobs[1].payload.stages");

        assertThat(jobCount()).isZero();
    }

    @Test
    void batchNameWithANulCharacterIsAProblem() {
        client.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        "{\"batch_name\": \"a\\u0000b\", \"jobs\": [{\"type\": \"demo\", \"payload\": {\"stages\": 1}}]}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("batch_name");
    }

    @Test
    void batchOverTheLimitIsRejected() {
        List<Map<String, Object>> jobs = IntStream.range(0, 1001)
                .mapToObj(i -> Map.<String, Object>of("type", "demo", "payload", Map.of("stages", 1)))
                .toList();

        client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of("jobs", jobs))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("jobs");
        assertThat(jobCount()).isZero();
    }

    @Test
    void cancellingABatchCancelsWhatIsStillActive() {
        JsonNode batch = client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of(
                        "jobs",
                        List.of(
                                Map.of("type", "demo", "payload", Map.of("stages", 1)),
                                Map.of("type", "demo", "payload", Map.of("stages", 1, "stage_ms", 30_000)),
                                Map.of("type", "demo", "payload", Map.of("stages", 1, "stage_ms", 30_000)))))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String batchId = batch.get("batch_id").asString();
        client.awaitStatus(batch.at("/jobs/0/id").asString(), "completed");

        JsonNode cancelled = client.http()
                .delete()
                .uri("/api/jobs/batch/{id}", batchId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(cancelled.get("cancelled_count").asInt()).isEqualTo(2);
        assertThat(cancelled.get("completed_count").asInt()).isEqualTo(1);
        assertThat(cancelled.get("status").asString()).isEqualTo("completed");
    }

    @Test
    void archiveOfAFinishedJobHoldsTheDocumentedFiles() throws IOException {
        String id = client.submit("demo", Map.of("stages", 2, "artifact", true))
                .get("id")
                .asString();
        client.awaitStatus(id, "completed");

        var response = client.http()
                .get()
                .uri("/api/jobs/{id}/download-archive", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/zip")
                .expectHeader()
                .valueMatches(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"job-.*\\.zip\"")
                .expectBody(byte[].class)
                .returnResult();

        Map<String, String> files = unzip(response.getResponseBody());
        assertThat(files).containsOnlyKeys("job.json", "result.json", "log.txt", "artifacts/report.txt");
        assertThat(JSON.readTree(files.get("job.json")).get("id").asString()).isEqualTo(id);
        assertThat(JSON.readTree(files.get("result.json"))
                        .get("stages_completed")
                        .asInt())
                .isEqualTo(2);
        assertThat(files.get("log.txt").lines()).hasSize(5).last().asString().contains("INFO", "Completed");
        assertThat(files.get("artifacts/report.txt")).isEqualTo("demo report: 2 stage(s) completed\n");
    }

    @Test
    void artifactsAreListedWithSizeAndHashAndDownloadedWholeOrByRange() {
        String id = client.submit("demo", Map.of("stages", 2, "artifact", true))
                .get("id")
                .asString();
        client.awaitStatus(id, "completed");
        String text = "demo report: 2 stage(s) completed\n";

        client.http()
                .get()
                .uri("/api/jobs/{id}/artifacts", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.artifacts.length()")
                .isEqualTo(1)
                .jsonPath("$.artifacts[0].name")
                .isEqualTo("report.txt")
                .jsonPath("$.artifacts[0].content_type")
                .isEqualTo("text/plain")
                .jsonPath("$.artifacts[0].bytes")
                .isEqualTo(text.length())
                .jsonPath("$.artifacts[0].sha256")
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        client.http()
                .get()
                .uri("/api/jobs/{id}/artifacts/report.txt", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentLength(text.length())
                .expectHeader()
                .valueMatches(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"report.txt\".*")
                .expectBody(String.class)
                .isEqualTo(text);
        client.http()
                .get()
                .uri("/api/jobs/{id}/artifacts/report.txt", id)
                .header(HttpHeaders.RANGE, "bytes=5-10")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 5-10/" + text.length())
                .expectBody(String.class)
                .isEqualTo(text.substring(5, 11));
        client.http()
                .get()
                .uri("/api/jobs/{id}/artifacts/report.txt", id)
                .header(HttpHeaders.RANGE, "bytes=1000-")
                .exchange()
                .expectStatus()
                .isEqualTo(416);
        client.http()
                .get()
                .uri("/api/jobs/{id}/artifacts/missing.txt", id)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void archiveOfAnActiveJobIsAConflict() {
        String id = client.submit("demo", Map.of("stages", 1, "stage_ms", 30_000))
                .get("id")
                .asString();

        client.http()
                .get()
                .uri("/api/jobs/{id}/download-archive", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        client.cancel(id);
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
