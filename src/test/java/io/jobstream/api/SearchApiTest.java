package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.document.Chunk;
import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.embedding.EmbeddingProgress;
import io.jobstream.embedding.StoredChunks;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/search} end to end, with the real model and PostgreSQL: the chunk that
 * answers the question comes first, with where it is; another user finds nothing of it, even
 * naming the job; a read-only token may search.
 */
@JobstreamTest
class SearchApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WATER = "At sea level, pure water boils at 100 degrees Celsius (212 degrees"
            + " Fahrenheit); the boiling point is lower in the mountains.";
    private static final String EIFFEL =
            "The Eiffel Tower in Paris was completed in 1889 and is about 330 metres tall.";
    private static final String PHOTOSYNTHESIS =
            "Photosynthesis lets plants turn light, water and carbon dioxide into glucose and oxygen.";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ChunkEmbeddings embeddings;

    ApiClient alice;
    String job;

    @BeforeEach
    void aliceHasAnEmbeddedJob() {
        alice = ApiClient.as("search-" + UUID.randomUUID(), port);
        job = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        UUID id = UUID.fromString(job);
        StoredChunks chunks = StoredChunks.in(context);
        chunks.document(id, 0, StoredChunks.pages(EIFFEL, PHOTOSYNTHESIS));
        chunks.document(id, 1, List.of(new Chunk(0, 0, WATER, 3, 4, 0, WATER.length(), "Boiling")));
        embeddings.embedChunks(id, EmbeddingProgress.NONE).block(ApiClient.TIMEOUT);
    }

    @Test
    void theChunkThatAnswersComesFirstWithWhereItIs() {
        JsonNode results = alice.search(Map.of("query", "At what temperature does water boil?"))
                .get("results");

        assertThat(results).hasSize(3);
        JsonNode best = results.get(0);
        assertThat(best.get("text").asString()).isEqualTo(WATER);
        assertThat(best.get("job_id").asString()).isEqualTo(job);
        assertThat(best.get("document_index").asInt()).isEqualTo(1);
        assertThat(best.get("chunk_index").asInt()).isZero();
        assertThat(best.get("page_start").asInt()).isEqualTo(3);
        assertThat(best.get("page_end").asInt()).isEqualTo(4);
        assertThat(best.get("heading").asString()).isEqualTo("Boiling");
        assertThat(best.get("score").asDouble())
                .isGreaterThan(results.get(1).get("score").asDouble());
        assertThat(results.get(1).get("heading").isNull()).isTrue();
    }

    @Test
    void limitAndJobIdsNarrowTheResults() {
        JsonNode one = alice.search(Map.of("query", "How tall is the tower?", "limit", 1, "job_ids", List.of(job)));

        assertThat(one.get("results")).hasSize(1);
        assertThat(one.get("results").get(0).get("text").asString()).isEqualTo(EIFFEL);
        assertThat(alice.search(Map.of(
                                "query",
                                "tower",
                                "job_ids",
                                List.of(UUID.randomUUID().toString())))
                        .get("results"))
                .isEmpty();
    }

    @Test
    void anotherUserFindsNoneOfItEvenNamingTheJob() {
        ApiClient bob = ApiClient.as("search-" + UUID.randomUUID(), port);

        assertThat(bob.search(Map.of("query", "water")).get("results")).isEmpty();
        assertThat(bob.search(Map.of("query", "water", "job_ids", List.of(job))).get("results"))
                .isEmpty();
    }

    @Test
    void aReadOnlyTokenMaySearch() {
        ApiClient reader = ApiClient.as(alice.subject(), "jobs:read", port);

        assertThat(reader.search(Map.of("query", "plants and light")).get("results"))
                .first()
                .extracting(hit -> hit.get("text").asString())
                .isEqualTo(PHOTOSYNTHESIS);
    }

    @Test
    void aMissingQueryIsAProblemNamingIt() {
        ValidationProblem.expectNaming(
                alice.http()
                        .post()
                        .uri("/api/search")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("limit", 5))
                        .exchange(),
                "query");
    }
}
