package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.job.EventKind;
import io.jobstream.job.StoredJobs;
import io.jobstream.job.Webhook;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.WebhookReceiver;
import io.jobstream.support.WebhookReceiver.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end: real jobs, the real relay, a real HTTP receiver on loopback, and the
 * owner's secret read through the API to verify every signature.
 */
@JobstreamTest
class WebhookDeliveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    ApiClient alice;

    @BeforeEach
    void owner() {
        alice = ApiClient.as("webhooks-" + UUID.randomUUID(), port);
    }

    @Test
    void deliverySucceedsOnTheThirdAttemptSignedWithTheOwnersSecretAndIsNeverSentAgain() throws Exception {
        try (var receiver = WebhookReceiver.answering(500, 500)) {
            String id = submit(Map.of(
                    "type",
                    "demo",
                    "payload",
                    Map.of("stages", 1),
                    "webhook",
                    Map.of(
                            "url",
                            receiver.url("/hooks/jobstream"),
                            "events",
                            List.of("completed"),
                            "token",
                            "receiver-token-42",
                            "client_job_id",
                            "order-4711")));

            JsonNode delivery = awaitDeliveries(id, 1, "succeeded").getFirst();
            assertThat(delivery.get("phase").asString()).isEqualTo("completed");
            assertThat(delivery.get("attempts")
                            .valueStream()
                            .map(attempt -> attempt.get("status_code").asInt()))
                    .containsExactly(500, 500, 204);
            // several relay ticks later, still the three requests and not one more
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.requests().size() == 3);

            List<Request> requests = receiver.requests();
            String secret = alice.getJson("/api/webhook-secret").get("secret").asString();
            for (Request request : requests) {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/hooks/jobstream");
                assertThat(request.header("webhook-id"))
                        .isEqualTo(delivery.get("id").asString());
                assertThat(verify(
                                secret,
                                request.header("webhook-id"),
                                request.header("webhook-timestamp"),
                                request.header("webhook-signature"),
                                request.body()))
                        .as("signature verifies")
                        .isTrue();
                assertThat(request.header("authorization")).isEqualTo("Bearer receiver-token-42");
                assertThat(request.header("content-type")).startsWith("application/json");
                assertThat(request.bodyText()).isEqualTo(requests.getFirst().bodyText());
            }
            assertThat(verify(
                            WebhookSecret.generate(),
                            requests.getFirst().header("webhook-id"),
                            requests.getFirst().header("webhook-timestamp"),
                            requests.getFirst().header("webhook-signature"),
                            requests.getFirst().body()))
                    .as("another secret does not verify")
                    .isFalse();

            JsonNode body = requests.getFirst().json();
            assertThat(body.get("phase").asString()).isEqualTo("completed");
            assertThat(body.get("seq").asLong())
                    .isEqualTo(delivery.get("event_seq").asLong());
            assertThat(body.get("progress").get("percent").asInt()).isEqualTo(100);
            assertThat(body.get("message").asString()).isEqualTo("Completed");
            assertThat(body.get("data")).isEqualTo(alice.get(id).get("result"));
            assertThat(body.get("client_job_id").asString()).isEqualTo("order-4711");
            assertThat(body.get("job").get("id").asString()).isEqualTo(id);
            assertThat(body.get("job").get("status").asString()).isEqualTo("completed");
            assertThat(body.get("job").get("webhook").get("token_set").asBoolean())
                    .isTrue();
            assertThat(requests.getFirst().bodyText()).doesNotContain("receiver-token-42");
        }
    }

    @Test
    void webhookUrlAloneDeliversTheCompletionAndNothingElse() {
        try (var receiver = WebhookReceiver.answering()) {
            String id = submit(
                    Map.of("type", "demo", "payload", Map.of("stages", 3), "webhook_url", receiver.url("/done")));
            alice.awaitStatus(id, "completed");

            List<JsonNode> deliveries = awaitDeliveries(id, 1, "succeeded");
            assertThat(deliveries.getFirst().get("phase").asString()).isEqualTo("completed");
            assertThat(receiver.requests()).hasSize(1);
            assertThat(receiver.requests().getFirst().header("authorization")).isNull();
            assertThat(receiver.requests().getFirst().json().has("client_job_id"))
                    .isFalse();
            assertThat(alice.get(id).get("webhook").get("events").valueStream().map(JsonNode::asString))
                    .containsExactly("completed", "failed", "cancelled");
        }
    }

    @Test
    void webhookUrlAloneReportsAFailureWithItsError() {
        try (var receiver = WebhookReceiver.answering()) {
            String id = submit(Map.of(
                    "type",
                    "demo",
                    "payload",
                    Map.of("stages", 2, "fail_at_stage", 2, "error_code", "PARSE_ERROR"),
                    "webhook_url",
                    receiver.url("/done")));

            List<JsonNode> deliveries = awaitDeliveries(id, 1, "succeeded");
            assertThat(deliveries.getFirst().get("phase").asString()).isEqualTo("failed");
            JsonNode body = receiver.requests().getFirst().json();
            assertThat(body.get("data").get("error_code").asString()).isEqualTo("PARSE_ERROR");
            assertThat(body.get("data").get("error").asString()).isNotBlank();
            assertThat(body.get("job").get("status").asString()).isEqualTo("failed");
        }
    }

    @Test
    void progressSubscriptionDeliversEveryStageThenTheCompletion() {
        try (var receiver = WebhookReceiver.answering()) {
            String id = submit(Map.of(
                    "type",
                    "demo",
                    "payload",
                    Map.of("stages", 3),
                    "webhook",
                    Map.of("url", receiver.url("/progress"), "events", List.of("progress", "completed"))));

            List<JsonNode> deliveries = awaitDeliveries(id, 4, "succeeded");
            assertThat(deliveries)
                    .extracting(delivery -> delivery.get("phase").asString())
                    .containsExactly("progress", "progress", "progress", "completed");
            assertThat(receiver.requests()).hasSize(4);
            List<Integer> percents = receiver.requests().stream()
                    .filter(request -> request.json().get("phase").asString().equals("progress"))
                    .map(request ->
                            request.json().get("progress").get("percent").asInt())
                    .sorted()
                    .toList();
            assertThat(percents).hasSize(3).last().isEqualTo(100);
            assertThat(percents.getFirst()).isBetween(1, 99);
        }
    }

    @Test
    void redeliverSendsTheSameMessageAgain() {
        try (var receiver = WebhookReceiver.answering()) {
            String id =
                    submit(Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", receiver.url("/")));
            JsonNode delivery = awaitDeliveries(id, 1, "succeeded").getFirst();
            String deliveryId = delivery.get("id").asString();

            alice.http()
                    .post()
                    .uri("/api/jobs/{id}/webhook-deliveries/{delivery}/redeliver", id, deliveryId)
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .jsonPath("$.id")
                    .isEqualTo(deliveryId)
                    .jsonPath("$.status")
                    .isEqualTo("pending");

            await().atMost(ApiClient.TIMEOUT)
                    .until(() -> receiver.requests().size() == 2
                            && deliveries(id)
                                    .getFirst()
                                    .get("status")
                                    .asString()
                                    .equals("succeeded"));
            List<Request> requests = receiver.requests();
            assertThat(requests.get(1).header("webhook-id")).isEqualTo(deliveryId);
            assertThat(requests.get(1).bodyText()).isEqualTo(requests.getFirst().bodyText());
            assertThat(deliveries(id).getFirst().get("attempts")).hasSize(2);
            alice.http()
                    .post()
                    .uri("/api/jobs/{id}/webhook-deliveries/{delivery}/redeliver", id, UUID.randomUUID())
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Test
    void anotherOwnersDeliveriesAreNotFound() {
        try (var receiver = WebhookReceiver.answering()) {
            String id =
                    submit(Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", receiver.url("/")));
            String deliveryId =
                    awaitDeliveries(id, 1, "succeeded").getFirst().get("id").asString();
            var bob = ApiClient.as("webhooks-bob-" + UUID.randomUUID(), port).http();

            bob.get()
                    .uri("/api/jobs/{id}/webhook-deliveries", id)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            bob.post()
                    .uri("/api/jobs/{id}/webhook-deliveries/{delivery}/redeliver", id, deliveryId)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void receiverThatDoesNotAnswerInTimeCostsAFailedAttemptAndARetry() {
        try (var receiver = WebhookReceiver.answeringAfter(Duration.ofSeconds(6))) {
            String id = submit(
                    Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", receiver.url("/slow")));

            await().atMost(ApiClient.TIMEOUT)
                    .until(() -> !deliveries(id).isEmpty()
                            && !deliveries(id).getFirst().get("attempts").isEmpty());
            JsonNode delivery = deliveries(id).getFirst();
            JsonNode attempt = delivery.get("attempts").get(0);
            assertThat(attempt.get("status_code").isNull()).isTrue();
            assertThat(attempt.get("error").asString()).startsWith("no answer in time");
            assertThat(attempt.get("duration_ms").asLong()).isBetween(1_000L, 5_000L);
            assertThat(delivery.get("status").asString()).isEqualTo("pending");
            alice.http()
                    .delete()
                    .uri("/api/history/jobs/{id}", id)
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    /**
     * A URL that passed at submit time but points inward at send time (DNS rebinding, or a
     * changed allow-list) is never connected to: the attempt is recorded as failed. The job is
     * stored past the submit path, since the API would refuse its URL.
     */
    @Test
    void addressRefusedAtSendTimeIsAFailedAttemptAndNoConnection() {
        UUID id = StoredJobs.in(context)
                .queuedAndDispatched(
                        alice.subject(),
                        new Webhook(URI.create("http://10.255.255.1:9/"), List.of(EventKind.CANCELLED), null, null))
                .id();
        alice.cancel(id.toString());

        await().atMost(ApiClient.TIMEOUT)
                .until(() -> !deliveries(id.toString()).isEmpty()
                        && !deliveries(id.toString()).getFirst().get("attempts").isEmpty());
        JsonNode attempt = deliveries(id.toString()).getFirst().get("attempts").get(0);
        assertThat(attempt.get("status_code").isNull()).isTrue();
        assertThat(attempt.get("error").asString())
                .contains("refused to connect")
                .contains("a private address");
        alice.http()
                .delete()
                .uri("/api/history/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** The shell snippet of docs/webhooks.md, as it stands there, on a real delivery. */
    @Test
    void guideShellSnippetVerifiesARealDelivery(@TempDir Path directory) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        String snippet = webhookGuideBlockContaining("openssl dgst");
        try (var receiver = WebhookReceiver.answering()) {
            String id =
                    submit(Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", receiver.url("/")));
            awaitDeliveries(id, 1, "succeeded");
            Request request = receiver.requests().getFirst();
            Files.write(directory.resolve("body.json"), request.body());
            String secret = alice.getJson("/api/webhook-secret").get("secret").asString();

            assertThat(runInShell(
                            snippet,
                            directory,
                            Map.of(
                                    "SECRET",
                                    secret,
                                    "ID",
                                    request.header("webhook-id"),
                                    "TS",
                                    request.header("webhook-timestamp"),
                                    "SIG",
                                    request.header("webhook-signature"))))
                    .isEqualTo("valid");
            assertThat(runInShell(
                            snippet,
                            directory,
                            Map.of(
                                    "SECRET",
                                    WebhookSecret.generate(),
                                    "ID",
                                    request.header("webhook-id"),
                                    "TS",
                                    request.header("webhook-timestamp"),
                                    "SIG",
                                    request.header("webhook-signature"))))
                    .isEqualTo("INVALID");
        }
    }

    private static String webhookGuideBlockContaining(String text) throws Exception {
        String guide = Files.readString(Path.of("docs/webhooks.md"));
        for (String block : guide.split("```sh\n")) {
            String code = block.substring(0, Math.max(block.indexOf("```"), 0));
            if (code.contains(text)) {
                return code;
            }
        }
        throw new AssertionError("docs/webhooks.md has no sh block with " + text);
    }

    private static String runInShell(String script, Path directory, Map<String, String> environment) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("bash", "-c", script)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        shell.environment().putAll(environment);
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void secretIsCreatedOnFirstUseAndRotated() {
        // a read-only token may follow jobs, not learn how to sign as jobstream
        ApiClient.as(alice.subject(), "jobs:read", port)
                .http()
                .get()
                .uri("/api/webhook-secret")
                .exchange()
                .expectStatus()
                .isForbidden();
        JsonNode first = alice.getJson("/api/webhook-secret");
        assertThat(first.get("secret").asString()).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(Base64.getDecoder().decode(first.get("secret").asString().substring(6)))
                .hasSize(32);
        assertThat(alice.getJson("/api/webhook-secret")).isEqualTo(first);

        byte[] rotated = alice.http()
                .post()
                .uri("/api/webhook-secret/rotate")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        String secret = JSON.readTree(rotated).get("secret").asString();
        assertThat(secret).isNotEqualTo(first.get("secret").asString()).startsWith("whsec_");
        assertThat(alice.getJson("/api/webhook-secret").get("secret").asString())
                .isEqualTo(secret);
        assertThat(ApiClient.as("webhooks-other-" + UUID.randomUUID(), port)
                        .getJson("/api/webhook-secret")
                        .get("secret")
                        .asString())
                .isNotEqualTo(secret);
    }

    private String submit(Map<String, ?> body) {
        byte[] created = alice.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(created).get("id").asString();
    }

    private List<JsonNode> deliveries(String jobId) {
        List<JsonNode> deliveries = new ArrayList<>();
        alice.getJson("/api/jobs/{id}/webhook-deliveries", jobId)
                .get("deliveries")
                .forEach(deliveries::add);
        return deliveries;
    }

    /** Waits until the job has {@code count} deliveries, all with this status. */
    private List<JsonNode> awaitDeliveries(String jobId, int count, String status) {
        Predicate<List<JsonNode>> done = deliveries -> deliveries.size() == count
                && deliveries.stream()
                        .allMatch(delivery -> delivery.get("status").asString().equals(status));
        await().atMost(ApiClient.TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> done.test(deliveries(jobId)));
        return deliveries(jobId);
    }

    /** How a receiver verifies a webhook; docs/webhooks.md shows this very code. */
    static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body) throws Exception {
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false; // too old or from the future: a replay
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected =
                ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        for (String signature : signatures.split(" ")) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
