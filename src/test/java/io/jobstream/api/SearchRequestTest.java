package io.jobstream.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.embedding.EmbeddingsUnavailableException;
import io.jobstream.embedding.SearchHit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * How {@code POST /api/search} reads its body: a bad field is a 400 naming it (and nothing is
 * searched), defaults fill what is left out, and a deployment without embeddings says so.
 */
@ApiSliceTest
class SearchRequestTest {

    private static final UUID JOB = UUID.fromString("6f1c2a4e-0b7d-4c1e-9a53-2f0d8e7b1c90");

    @Autowired
    WebTestClient http;

    @Autowired
    ChunkEmbeddings embeddings;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                      | query
            {"query": ""}                                           | query
            {"query": "   "}                                        | query
            {"query": 42}                                           | query
            {"query": "water", "limit": 0}                          | limit
            {"query": "water", "limit": 101}                        | limit
            {"query": "water", "limit": "ten"}                      | limit
            {"query": "water", "limit": 2.5}                        | limit
            {"query": "water", "job_ids": "6f1c2a4e-0b7d-4c1e-9a53-2f0d8e7b1c90"} | job_ids
            {"query": "water", "job_ids": ["6f1c2a4e-0b7d-4c1e-9a53-2f0d8e7b1c90", "nope"]} | job_ids[1]
            {"query": "water", "job_ids": ["1-1-1-1-1"]}            | job_ids[0]
            {"query": "water", "job_ids": [7]}                      | job_ids[0]
            {"query": "water", "limt": 5}                           | limt
            ["water"]                                               | body
            """)
    void aBadFieldIsAProblemNamingIt(String body, String field) {
        ValidationProblem.expectNaming(search(body), field);
        verifyNoInteractions(embeddings);
    }

    @Test
    void aTooLongQueryIsRefused() {
        String query = "w".repeat(ChunkEmbeddings.MAX_QUERY_LENGTH + 1);

        ValidationProblem.expectNaming(search("{\"query\": \"" + query + "\"}"), "query");
    }

    @Test
    void anEmptyBodyIsRefused() {
        ValidationProblem.expectNaming(search(""), "body");
    }

    @Test
    void theCallerSearchesTheirOwnChunksWithDefaults() {
        when(embeddings.search(anyString(), anyString(), any(), anyInt()))
                .thenReturn(Flux.just(new SearchHit("Water boils at 100 °C.", 0.71, JOB, 0, 3, 2, 2, null)));

        search("{\"query\": \"  When does water boil? \"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .json("""
                        {"results": [{"text": "Water boils at 100 °C.", "score": 0.71,
                                      "job_id": "%s", "document_index": 0, "chunk_index": 3,
                                      "page_start": 2, "page_end": 2, "heading": null}]}""".formatted(JOB));

        verify(embeddings).search("alice", "When does water boil?", null, 10);
    }

    @Test
    void jobIdsAndLimitAreHandedOn() {
        when(embeddings.search(anyString(), anyString(), any(), anyInt())).thenReturn(Flux.empty());

        search("{\"query\": \"water\", \"job_ids\": [\"" + JOB + "\"], \"limit\": 100}")
                .expectStatus()
                .isOk()
                .expectBody()
                .json("{\"results\": []}");

        verify(embeddings).search("alice", "water", List.of(JOB), 100);
    }

    @Test
    void withoutEmbeddingsTheAnswerIsAProblemSayingSo() {
        when(embeddings.search(anyString(), anyString(), any(), anyInt()))
                .thenReturn(Flux.error(EmbeddingsUnavailableException.switchedOff()));

        search("{\"query\": \"water\"}")
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://jobstream.io/problems/embeddings-unavailable")
                .jsonPath("$.error_code")
                .isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.detail")
                .isEqualTo("Embeddings are switched off on this deployment (jobstream.embeddings.enabled=false)");
    }

    private WebTestClient.ResponseSpec search(String body) {
        return http.mutateWith(ApiSliceTest.Token.of("alice", "jobs:read"))
                .post()
                .uri("/api/search")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }
}
