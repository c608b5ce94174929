package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's webhook as a client sends it: a bad one is a problem naming the field, an address
 * jobstream does not send to is refused before the job exists, and a good one shows on the
 * job without its token.
 */
@JobstreamTest
class WebhookRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    ApiClient alice;
    WebTestClient http;

    @BeforeEach
    void client() {
        alice = ApiClient.as("webhook-requests-" + UUID.randomUUID(), port);
        http = alice.http();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "webhook_url": 42                                                         | webhook_url
            "webhook_url": "/relative/path"                                           | webhook_url
            "webhook_url": "ftp://example.com/hook"                                   | webhook_url
            "webhook_url": "https://user:pw@example.com/hook"                         | webhook_url
            "webhook_url": "http://exa mple.com/"                                     | webhook_url
            "webhook_url": "https://example.com/a", "webhook": {"url": "https://example.com/b"} | webhook_url
            "webhook": "https://example.com/hook"                                     | webhook
            "webhook": {}                                                             | webhook.url
            "webhook": {"url": "mailto:someone@example.com"}                          | webhook.url
            "webhook": {"url": "https://example.com/", "events": []}                  | webhook.events
            "webhook": {"url": "https://example.com/", "events": "completed"}         | webhook.events
            "webhook": {"url": "https://example.com/", "events": ["completed", "started"]} | webhook.events[1]
            "webhook": {"url": "https://example.com/", "token": ""}                   | webhook.token
            "webhook": {"url": "https://example.com/", "token": "two words"}          | webhook.token
            "webhook": {"url": "https://example.com/", "token": 7}                    | webhook.token
            "webhook": {"url": "https://example.com/", "client_job_id": ""}           | webhook.client_job_id
            "webhook": {"url": "https://example.com/", "secret": "x"}                 | webhook.secret
            """)
    void badWebhookIsAProblemNamingTheField(String webhook, String field) {
        http.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"demo\", \"payload\": {\"stages\": 1}, " + webhook + "}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
    }

    @Test
    void overlongTokenAndClientJobIdAreProblems() {
        submit(Map.of(
                        "type",
                        "demo",
                        "payload",
                        Map.of("stages", 1),
                        "webhook",
                        Map.of(
                                "url",
                                "http://127.0.0.1:9/",
                                "token",
                                "t".repeat(1025),
                                "client_job_id",
                                "c".repeat(256))))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("webhook.token")
                .jsonPath("$.errors[1].field")
                .isEqualTo("webhook.client_job_id");
    }

    /** The test setup allows 127.0.0.0/8 only, so IPv6 loopback stands in for loopback here. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://[::1]:8080/hook                       | is a loopback address
            http://169.254.169.254/latest/meta-data/     | is a link-local address
            http://10.1.2.3/hook                         | is a private address
            http://192.168.0.10/hook                     | is a private address
            http://100.64.0.1/hook                       | is a carrier-grade NAT address
            http://[fd00::1]/hook                        | is a private (unique local) address
            http://0.0.0.0:8080/hook                     | is an unspecified address
            http://webhook.jobstream.invalid/hook        | be resolved
            """)
    void webhookToAnAddressJobstreamDoesNotSendToIsRefused(String url, String why) {
        submit(Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook", Map.of("url", url)))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("webhook.url")
                .jsonPath("$.errors[0].message")
                .value(String.class, message -> assertThat(message).contains(why));
        assertThat(alice.getJson("/api/jobs").get("total").asLong()).isZero();
    }

    @Test
    void refusedAddressInABatchNamesTheJob() {
        http.post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "jobs",
                        List.of(
                                Map.of(
                                        "type",
                                        "demo",
                                        "payload",
                                        Map.of("stages", 1),
                                        "webhook_url",
                                        "http://127.0.0.1:9/ok"),
                                Map.of(
                                        "type",
                                        "demo",
                                        "payload",
                                        Map.of("stages", 1),
                                        "webhook_url",
                                        "http://10.0.0.1/no"))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("jobs[1].webhook.url");
    }

    @Test
    void batchJobsKeepTheirOwnWebhooks() {
        byte[] created = http.post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "jobs",
                        List.of(
                                Map.of(
                                        "type",
                                        "demo",
                                        "payload",
                                        Map.of("stages", 1, "stage_ms", 10_000),
                                        "webhook_url",
                                        "http://127.0.0.1:9/first"),
                                Map.of("type", "demo", "payload", Map.of("stages", 1, "stage_ms", 10_000)),
                                Map.of(
                                        "type",
                                        "demo",
                                        "payload",
                                        Map.of("stages", 1, "stage_ms", 10_000),
                                        "webhook",
                                        Map.of("url", "http://127.0.0.1:9/third", "client_job_id", "third")))))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        List<String> ids = JSON.readTree(created)
                .get("jobs")
                .valueStream()
                .map(job -> job.get("id").asString())
                .toList();

        assertThat(alice.get(ids.get(0)).get("webhook").get("url").asString()).isEqualTo("http://127.0.0.1:9/first");
        assertThat(alice.get(ids.get(1)).get("webhook").isNull()).isTrue();
        assertThat(alice.get(ids.get(2)).get("webhook").get("client_job_id").asString())
                .isEqualTo("third");
        http.delete()
                .uri(
                        "/api/jobs/batch/{id}",
                        JSON.readTree(created).get("batch_id").asString())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void jobShowsItsWebhookButNeverTheToken() {
        byte[] created = submit(Map.of(
                        "type",
                        "demo",
                        "payload",
                        Map.of("stages", 1, "stage_ms", 10_000),
                        "webhook",
                        Map.of(
                                "url",
                                "http://127.0.0.1:9/hook",
                                "events",
                                List.of("completed", "progress"),
                                "token",
                                "very-secret",
                                "client_job_id",
                                "order-1")))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        JsonNode job = JSON.readTree(created);
        String id = job.get("id").asString();

        for (JsonNode shown : List.of(job, alice.get(id))) {
            JsonNode webhook = shown.get("webhook");
            assertThat(webhook.get("url").asString()).isEqualTo("http://127.0.0.1:9/hook");
            assertThat(webhook.get("events").valueStream().map(JsonNode::asString))
                    .containsExactly("progress", "completed");
            assertThat(webhook.get("client_job_id").asString()).isEqualTo("order-1");
            assertThat(webhook.get("token_set").asBoolean()).isTrue();
            assertThat(shown.toString()).doesNotContain("very-secret");
        }
        assertThat(alice.submit("demo", Map.of("stages", 1)).get("webhook").isNull())
                .isTrue();
        alice.cancel(id);

        JsonNode rerun = JSON.readTree(http.post()
                .uri("/api/jobs/{id}/rerun", id)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(rerun.get("webhook"))
                .as("a rerun reports where its original did")
                .isEqualTo(job.get("webhook"));
        alice.cancel(rerun.get("id").asString());
    }

    @Test
    void sameIdempotencyKeyWithAnotherWebhookIsAConflict() {
        Map<String, Object> body =
                Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", "http://127.0.0.1:9/a");
        http.post()
                .uri("/api/jobs")
                .header("Idempotency-Key", "hook-key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
        http.post()
                .uri("/api/jobs")
                .header("Idempotency-Key", "hook-key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
        http.post()
                .uri("/api/jobs")
                .header("Idempotency-Key", "hook-key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", "http://127.0.0.1:9/b"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("hook-key"));
    }

    @Test
    void deliveriesOfAnUnknownJobAreNotFoundAndParametersAreChecked() {
        http.get()
                .uri("/api/jobs/{id}/webhook-deliveries", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/api/jobs/not-a-uuid/webhook-deliveries")
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.get()
                .uri("/api/jobs/{id}/webhook-deliveries?limit=0", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("limit");
        http.post()
                .uri("/api/jobs/{id}/webhook-deliveries/nope/redeliver", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("delivery_id");
    }

    private WebTestClient.ResponseSpec submit(Map<String, ?> body) {
        return http.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }
}
