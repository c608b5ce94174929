package io.jobstream.apikey;

import io.jobstream.support.ApiClient;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** API keys in tests: one made through the API, and a client that calls with one. */
final class Keys {

    private Keys() {}

    /** {@code POST /api/api-keys} by {@code owner}, which must answer 201: the created key, with {@code key}. */
    static JsonNode create(ApiClient owner, String name, List<String> scopes) {
        return owner.http()
                .post()
                .uri("/api/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "scopes", scopes))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** A client of the instance on {@code port} that sends {@code Authorization: Bearer <key>}. */
    static WebTestClient client(int port, String key) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(ApiClient.TIMEOUT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .build();
    }
}
