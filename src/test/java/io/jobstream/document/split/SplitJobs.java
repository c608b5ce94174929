package io.jobstream.document.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the split tests do through the API as one user: upload, submit, wait, read parts and events. */
final class SplitJobs {

    /** A split starts a parser JVM first (seconds on a busy machine). */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");

    private final ApiClient user;

    SplitJobs(ApiClient user) {
        this.user = user;
    }

    ApiClient user() {
        return user;
    }

    /** Uploads {@code file}; returns its id. */
    String upload(Path file) {
        return user.http()
                .post()
                .uri("/api/files?filename={name}", file.getFileName().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(read(file))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .at("/files/0/id")
                .asString();
    }

    /** {@code file} as an inline document. */
    static Map<String, String> inline(Path file) {
        return Map.of(
                "content_base64",
                Base64.getEncoder().encodeToString(read(file)),
                "filename",
                file.getFileName().toString());
    }

    /** Submits a {@code split} job; returns its id. */
    String submit(Map<String, ?> payload) {
        return user.submit("split", payload).get("id").asString();
    }

    /** Submits a {@code split} job that must be refused; returns the 400 problem. */
    JsonNode refused(Map<String, ?> payload) {
        byte[] body = user.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "split", "payload", payload))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    /** Waits until the job has finished and checks that it finished as {@code status}. */
    JsonNode awaitEnd(String id, String status) {
        Awaitility.await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> FINISHED.contains(user.get(id).get("status").asString()));
        JsonNode job = user.get(id);
        assertThat(job.get("status").asString())
                .as("status of job %s (error: %s)", id, job.path("error").asString(""))
                .isEqualTo(status);
        return job;
    }

    byte[] artifactBytes(String id, String name) {
        return user.http()
                .get()
                .uri("/api/jobs/{id}/artifacts/{name}", id, name)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
    }

    List<String> artifactNames(String id) {
        List<String> names = new ArrayList<>();
        user.getJson("/api/jobs/{id}/artifacts", id)
                .get("artifacts")
                .forEach(artifact -> names.add(artifact.get("name").asString()));
        return names;
    }

    List<JsonNode> documents(String id) {
        List<JsonNode> documents = new ArrayList<>();
        user.getJson("/api/jobs/{id}/documents", id).get("documents").forEach(documents::add);
        return documents;
    }

    /** The progress messages of the job's event log, in order. */
    List<String> progressMessages(String id) {
        List<String> messages = new ArrayList<>();
        user.getJson("/api/jobs/{id}/events?limit=1000", id)
                .get("events")
                .forEach(event -> messages.add(event.at("/progress/message").asString("")));
        return messages;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
