package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the end-to-end tests of {@code parse} do through the API as one user: upload files,
 * name inline documents, wait for a job to end, and read its documents list, event log and
 * artifacts.
 */
final class ParseJobs {

    /**
     * A job of many documents, or one with a document that runs into the parser's time limit,
     * takes longer than {@link ApiClient#TIMEOUT} on a busy machine.
     */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");

    private final ApiClient user;

    ParseJobs(ApiClient user) {
        this.user = user;
    }

    /** Uploads {@code file} as a raw body of {@code contentType}; returns the file as the API answered. */
    JsonNode upload(Path file, MediaType contentType) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode answer = user.http()
                .post()
                .uri("/api/files?filename={name}", file.getFileName().toString())
                .contentType(contentType)
                .bodyValue(bytes)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return answer.get("files").get(0);
    }

    /** Uploads {@code file} as {@code application/octet-stream}; returns its id. */
    String upload(Path file) {
        return upload(file, MediaType.APPLICATION_OCTET_STREAM).get("id").asString();
    }

    /** An inline document of {@code file}'s bytes under its own name. */
    static Map<String, String> inline(Path file) {
        try {
            return inline(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An inline text document. */
    static Map<String, String> inline(String filename, String text) {
        return inline(filename, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> inline(String filename, byte[] bytes) {
        return Map.of("content_base64", Base64.getEncoder().encodeToString(bytes), "filename", filename);
    }

    /** Submits a {@code parse} job; returns its id. */
    String submit(Map<String, ?> payload) {
        return user.submit("parse", payload).get("id").asString();
    }

    /** Waits until the job has finished, however it finished, and returns it. */
    JsonNode awaitEnd(String id) {
        try {
            Awaitility.await()
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> FINISHED.contains(user.get(id).get("status").asString()));
        } catch (ConditionTimeoutException e) {
            JsonNode job = user.get(id);
            throw new AssertionError(
                    "job " + id + " has not finished within " + PATIENCE + ": " + job.get("status") + " at "
                            + job.get("progress"),
                    e);
        }
        return user.get(id);
    }

    /** Waits until the job has finished and checks that it finished as {@code status}. */
    JsonNode awaitEnd(String id, String status) {
        JsonNode job = awaitEnd(id);
        assertThat(job.get("status").asString())
                .as("status of job %s (error: %s)", id, job.path("error").asString(""))
                .isEqualTo(status);
        return job;
    }

    /** The job's documents list, all of it, in order. */
    List<JsonNode> documents(String id) {
        List<JsonNode> documents = new ArrayList<>();
        user.getJson("/api/jobs/{id}/documents?limit=1000", id).get("documents").forEach(documents::add);
        return documents;
    }

    /** The job's event log, as a client that polls reads it. */
    List<JsonNode> eventLog(String id) {
        List<JsonNode> events = new ArrayList<>();
        user.getJson("/api/jobs/{id}/events?limit=1000", id).get("events").forEach(events::add);
        return events;
    }

    /** The names of the job's artifacts. */
    List<String> artifactNames(String id) {
        List<String> names = new ArrayList<>();
        user.getJson("/api/jobs/{id}/artifacts", id)
                .get("artifacts")
                .forEach(artifact -> names.add(artifact.get("name").asString()));
        return names;
    }

    String artifact(String id, String name) {
        return user.artifact(id, name);
    }

    /** A JSON-lines artifact ({@code chunks.jsonl}, {@code embeddings.jsonl}), one node per line. */
    List<JsonNode> jsonLines(String id, String name) {
        List<JsonNode> lines = new ArrayList<>();
        artifact(id, name).lines().forEach(line -> lines.add(JSON.readTree(line)));
        return lines;
    }
}
