package io.jobstream.document.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the end-to-end tests of {@code extract} do through the API as one user, and the payload pieces they build. */
final class ExtractJobs {

    /** A parser JVM may start first, and scans are read by OCR: seconds each on a busy machine. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");

    private final ApiClient user;

    ExtractJobs(ApiClient user) {
        this.user = user;
    }

    /** A field of a template. */
    static Map<String, Object> field(String name, String type, boolean required, Map<String, Object> rule) {
        return Map.of("name", name, "type", type, "required", required, "rule", rule);
    }

    /** An inline text document. */
    static Map<String, String> inline(String filename, String text) {
        return Map.of(
                "filename",
                filename,
                "content_base64",
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Submits an {@code extract} job; returns its id. */
    String submit(Map<String, ?> payload) {
        return user.submit("extract", payload).get("id").asString();
    }

    /** Waits until the job has finished and checks that it finished as {@code status}. */
    JsonNode awaitEnd(String id, String status) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> FINISHED.contains(user.get(id).get("status").asString()));
        JsonNode job = user.get(id);
        assertThat(job.get("status").asString())
                .as("status of job %s (error: %s)", id, job.path("error").asString(""))
                .isEqualTo(status);
        return job;
    }

    /** A JSON-lines artifact, one node per line. */
    List<JsonNode> jsonLines(String id, String name) {
        return user.artifact(id, name).lines().map(JSON::readTree).toList();
    }

    /** Uploads {@code file}; returns its id. */
    String upload(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return user.http()
                .post()
                .uri("/api/files?filename={name}", file.getFileName().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(bytes)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .at("/files/0/id")
                .asString();
    }

    /** Submits an {@code extract} job that must be refused: the 400 problem. */
    JsonNode refused(Map<String, ?> payload) {
        byte[] body = user.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "extract", "payload", payload))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    /** Tesseract is looked for as the service does, on the {@code PATH}, not by asking the service. */
    static void assumeTesseract() {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "tesseract"))
                .anyMatch(Files::isExecutable);
        Assumptions.assumeTrue(installed, "tesseract is not on the PATH");
    }
}
