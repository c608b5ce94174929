package io.jobstream.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Job types registered at run time, for tests: a name of their own, a small definition, and the PUT. */
public final class RegisteredTypes {

    /** What an operator's token carries: it may register types. */
    public static final String ADMIN_SCOPES = "jobs:read jobs:write jobs:admin";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegisteredTypes() {}

    /** A name no other test uses: {@code test.<what>-<random>}. */
    public static String uniqueName(String what) {
        return "test." + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A definition whose payload is {@code {"n": <1 to 10>}} and nothing else, of two stages
     * ({@code fetch}, {@code read}), with a heartbeat timeout of 10 s.
     */
    public static Map<String, Object> countingDefinition() {
        return Map.of(
                "description",
                "Counts to n, in a worker of the test's.",
                "payload_schema",
                Map.of(
                        "type",
                        "object",
                        "additionalProperties",
                        false,
                        "required",
                        List.of("n"),
                        "properties",
                        Map.of("n", Map.of("type", "integer", "minimum", 1, "maximum", 10))),
                "stages",
                List.of("fetch", "read"),
                "heartbeat_timeout",
                "10s");
    }

    /** An admin of the application on {@code port}. */
    public static ApiClient admin(int port) {
        return ApiClient.as("admin-" + UUID.randomUUID(), ADMIN_SCOPES, port);
    }

    /** {@code PUT /api/job-types/{name}}, which must succeed (201 or 200): the type as the catalog shows it. */
    public static JsonNode register(ApiClient admin, String name, Map<String, ?> definition) {
        byte[] body = admin.http()
                .put()
                .uri("/api/job-types/{name}", name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(definition)
                .exchange()
                .expectStatus()
                .value(status ->
                        org.assertj.core.api.Assertions.assertThat(status).isIn(200, 201))
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }
}
