package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the document types check beyond their schemas, at submit, each a 400 naming the field:
 * a page range that ends before it starts (parse, extract) and a chunk overlap of half the
 * chunk size or more (parse, crawl).
 */
@JobstreamTest
class ParsePayloadChecksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> INLINE = Map.of("content_base64", "aGVsbG8=", "filename", "a.txt");

    @LocalServerPort
    int port;

    @Test
    void aPageRangeEndingBeforeItStartsIsRefused() {
        assertThat(refusedFields("parse", Map.of("documents", List.of(INLINE), "page_range", "5-2")))
                .containsExactly("payload.page_range");
        assertThat(refusedFields(
                        "extract", Map.of("documents", List.of(INLINE), "page_range", "5-2", "template", "invoice")))
                .containsExactly("payload.page_range");
    }

    @Test
    void aChunkOverlapOfHalfTheChunkOrMoreIsRefused() {
        Map<String, Integer> chunking = Map.of("max_characters", 200, "overlap", 100);
        assertThat(refusedFields("parse", Map.of("documents", List.of(INLINE), "chunking", chunking)))
                .containsExactly("payload.chunking.overlap");
        assertThat(refusedFields("crawl", Map.of("seeds", List.of("https://example.com/"), "chunking", chunking)))
                .containsExactly("payload.chunking.overlap");
    }

    private List<String> refusedFields(String type, Map<String, ?> payload) {
        byte[] body = ApiClient.as("checks-" + UUID.randomUUID(), port)
                .http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", type, "payload", payload))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody();
        List<String> fields = new ArrayList<>();
        JSON.readTree(body)
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }
}
