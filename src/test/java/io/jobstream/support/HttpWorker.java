package io.jobstream.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An external worker of the tests', over HTTP ({@code /api/workers/**}), with a token of the
 * {@code jobs:work} scope, restricted to some job types or not.
 */
public final class HttpWorker {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient http;

    private HttpWorker(String token, int port) {
        this.http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(45))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    /** A worker that may work every external type. */
    public static HttpWorker any(int port) {
        return new HttpWorker(Tokens.withClaims("worker-" + UUID.randomUUID(), Map.of("scope", "jobs:work")), port);
    }

    /** A worker whose token's {@code job_types} claim restricts it to {@code types}. */
    public static HttpWorker restrictedTo(int port, String... types) {
        return new HttpWorker(
                Tokens.withClaims(
                        "worker-" + UUID.randomUUID(), Map.of("scope", "jobs:work", "job_types", List.of(types))),
                port);
    }

    public WebTestClient http() {
        return http;
    }

    /** {@code POST /api/workers/claim}, which must answer 200: the jobs claimed. */
    public JsonNode claim(List<String> types, int max, int waitSeconds) {
        return json(claimCall(types, max, waitSeconds).expectStatus().isOk()).get("jobs");
    }

    /** {@link #claim} of one job of {@code type}, waiting up to 10 s for it; the job, which must come. */
    public JsonNode claimOne(String type) {
        JsonNode jobs = claim(List.of(type), 1, 10);
        org.assertj.core.api.Assertions.assertThat(jobs).as("jobs claimed").hasSize(1);
        return jobs.get(0);
    }

    public WebTestClient.ResponseSpec claimCall(List<String> types, int max, int waitSeconds) {
        return http.post()
                .uri("/api/workers/claim")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("types", types, "max", max, "wait_seconds", waitSeconds))
                .exchange();
    }

    /** A report on a job ({@code heartbeat}, {@code progress}, ...): the claim token in the header, and this body. */
    public WebTestClient.ResponseSpec report(JsonNode claimed, String call, Map<String, ?> body) {
        return report(claimed.get("id").asString(), claimed.get("claim_token").asString(), call, body);
    }

    public WebTestClient.ResponseSpec report(String jobId, String token, String call, Map<String, ?> body) {
        return http.post()
                .uri("/api/workers/jobs/" + jobId + "/" + call)
                .header("Claim-Token", token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new HashMap<>(body))
                .exchange();
    }

    /** A heartbeat, which must answer 200: the answer. */
    public JsonNode heartbeat(JsonNode claimed) {
        return json(report(claimed, "heartbeat", Map.of()).expectStatus().isOk());
    }

    /** Uploads an artifact of the job, which must be kept (204). */
    public void artifact(JsonNode claimed, String name, String contentType, byte[] content) {
        http.post()
                .uri(
                        "/api/workers/jobs/{id}/artifacts?name={name}",
                        claimed.get("id").asString(),
                        name)
                .header("Claim-Token", claimed.get("claim_token").asString())
                .contentType(MediaType.parseMediaType(contentType))
                .bodyValue(content)
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }
}
