package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code parse} with {@code embed: true} end to end: documents on distinct topics are parsed,
 * chunked and embedded in a {@code vectorizing} stage; {@code POST /api/search} then ranks the
 * chunk that answers a question first, with its document and page; {@code embeddings.jsonl}
 * holds a 384-dimensional vector for every chunk.
 */
@JobstreamTest
class ParseEmbeddingsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOILING = "At sea level, pure water boils at 100 degrees Celsius; in the mountains"
            + " the boiling point is lower because the air pressure is lower.";

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    ParseJobs jobs;

    @BeforeEach
    void client() {
        alice = ApiClient.as("embed-" + UUID.randomUUID(), port);
        jobs = new ParseJobs(alice);
    }

    @Test
    void theChunkThatAnswersAQuestionRanksFirstAndEveryChunkHasAVector() {
        Path guide = new TestDocuments(directory)
                .textPdf(
                        "guide.pdf",
                        "A small guide",
                        "Ada",
                        List.of(
                                "The Eiffel Tower in Paris was completed in 1889 and is about 330 metres tall.",
                                BOILING,
                                "Bees dance to tell the other bees of their hive where flowers are."));
        String id = jobs.submit(Map.of(
                "documents",
                List.of(
                        ParseJobs.inline(
                                "plants.txt",
                                "Photosynthesis lets plants turn light, water and carbon dioxide into sugar and oxygen."),
                        ParseJobs.inline(guide),
                        ParseJobs.inline(
                                "football.txt", "A football match lasts ninety minutes, in two halves of forty-five.")),
                "chunking",
                Map.of("strategy", "by_page"),
                "embed",
                true));

        JsonNode job = jobs.awaitEnd(id, "completed");

        assertThat(job.get("processed_count").asInt()).isEqualTo(3);
        assertThat(jobs.eventLog(id))
                .extracting(event -> event.get("progress").get("stage").asString(""))
                .filteredOn(stage -> !stage.isEmpty())
                .containsSubsequence("uploading", "parsing", "chunking", "vectorizing");

        JsonNode results = alice.search(Map.of("query", "At what temperature does water boil?", "job_ids", List.of(id)))
                .get("results");
        assertThat(results).hasSize(5);
        JsonNode best = results.get(0);
        assertThat(best.get("text").asString()).isEqualTo(BOILING);
        assertThat(best.get("job_id").asString()).isEqualTo(id);
        assertThat(best.get("document_index").asInt()).isEqualTo(1);
        assertThat(best.get("page_start").asInt()).isEqualTo(2);
        assertThat(best.get("page_end").asInt()).isEqualTo(2);
        assertThat(best.get("score").asDouble())
                .isGreaterThan(results.get(1).get("score").asDouble());

        List<JsonNode> chunks = jobs.jsonLines(id, "chunks.jsonl");
        List<JsonNode> vectors = jobs.jsonLines(id, "embeddings.jsonl");
        assertThat(jobs.artifactNames(id)).contains("chunks.jsonl", "embeddings.jsonl");
        assertThat(vectors)
                .extracting(vector -> vector.get("document_index").asInt() + "/"
                        + vector.get("chunk_index").asInt())
                .containsExactlyElementsOf(chunks.stream()
                        .map(chunk -> chunk.get("document_index").asInt() + "/"
                                + chunk.get("chunk_index").asInt())
                        .toList());
        assertThat(vectors).hasSize(5).allSatisfy(vector -> {
            assertThat(vector.get("embedding")).hasSize(384);
            assertThat(vector.get("embedding").get(0).isNumber()).isTrue();
        });
    }
}
