package io.jobstream.document.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code embed} end to end: texts get vectors that search finds; another user's job is no source. */
@JobstreamTest
class EmbedJobTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A parser JVM starts first, and the embedding model loads: seconds each on a busy machine. */
    private static final Duration DOCUMENT_JOB = Duration.ofMinutes(2);

    @LocalServerPort
    int port;

    ApiClient alice;

    @BeforeEach
    void client() {
        alice = ApiClient.as("embed-" + UUID.randomUUID(), port);
    }

    @Test
    void textsAreEmbeddedWrittenToTheArtifactAndFoundBySearch() {
        List<String> texts = List.of(
                "Water boils at 100 degrees Celsius at sea level.",
                "The Eiffel Tower is in Paris and was finished in 1889.",
                "Photosynthesis turns light, water and carbon dioxide into sugar.");
        String id = alice.submit("batch_embedding", Map.of("texts", texts))
                .get("id")
                .asString();

        JsonNode done = alice.awaitStatus(id, "completed", DOCUMENT_JOB);

        assertThat(done.get("type").asString()).isEqualTo("embed");
        assertThat(done.get("result").get("embedded").asInt()).isEqualTo(3);
        List<String> lines = alice.http()
                .get()
                .uri("/api/jobs/{id}/artifacts/embeddings.jsonl", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody()
                .lines()
                .toList();
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(1)).get("embedding")).hasSize(384);
        JsonNode hits = alice.search(Map.of("query", "Which city has the Eiffel Tower?", "job_ids", List.of(id)))
                .get("results");
        assertThat(hits.get(0).get("text").asString()).isEqualTo(texts.get(1));
    }

    @Test
    void anotherUsersJobIsNoSourceAndTheJobSaysSoAsIfItDidNotExist() {
        ApiClient bob = ApiClient.as("embed-" + UUID.randomUUID(), port);
        String bobsJob = bob.submit("demo", Map.of("stages", 1)).get("id").asString();
        bob.awaitStatus(bobsJob, "completed");

        String id = alice.submit("embed", Map.of("source_job_id", bobsJob))
                .get("id")
                .asString();
        JsonNode failed = alice.awaitStatus(id, "failed", DOCUMENT_JOB);

        assertThat(failed.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(failed.get("error").asString()).isEqualTo("source_job_id: no job " + bobsJob);
    }

    @Test
    void textsAndASourceJobTogetherAreRefusedAtSubmit() {
        alice.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "type", "embed", "payload", Map.of("texts", List.of("a"), "source_job_id", UUID.randomUUID())))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("payload.texts");
    }
}
