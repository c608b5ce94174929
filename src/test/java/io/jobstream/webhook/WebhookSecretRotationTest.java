package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import io.jobstream.support.WebhookReceiver;
import io.jobstream.support.WebhookReceiver.Request;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rotation as a receiver lives through it: after a rotate, deliveries carry a signature with
 * the new secret and one with the old, each verifying on its own, until the overlap ends.
 */
@JobstreamTest
class WebhookSecretRotationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WebhookSecretRepository secrets;

    @Test
    void afterARotationEveryDeliveryIsSignedWithTheOldAndTheNewSecret() throws Exception {
        ApiClient alice = ApiClient.as("rotation-" + UUID.randomUUID(), port);
        String old = alice.getJson("/api/webhook-secret").get("secret").asString();
        JsonNode rotated = rotate(alice);
        String fresh = rotated.get("secret").asString();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(rotated.get("previous_secret").asString()).isEqualTo(old);
        assertThat(Instant.parse(rotated.get("previous_expires_at").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(alice.getJson("/api/webhook-secret")).isEqualTo(rotated);

        try (var receiver = WebhookReceiver.answering()) {
            submit(alice, receiver.url("/hooks"));
            await().atMost(ApiClient.TIMEOUT).until(() -> receiver.requests().size() == 1);

            Request request = receiver.requests().getFirst();
            List<String> signatures =
                    List.of(request.header("webhook-signature").split(" "));
            assertThat(signatures).hasSize(2);
            assertThat(signatures)
                    .anySatisfy(signature ->
                            assertThat(verifies(fresh, request, signature)).isTrue());
            assertThat(signatures)
                    .anySatisfy(signature ->
                            assertThat(verifies(old, request, signature)).isTrue());
            assertThat(signatures.stream().filter(signature -> verifies(old, request, signature)))
                    .as("one signature per secret")
                    .hasSize(1);
        }
    }

    @Test
    void theSecretsTableHoldsNoSecretInClear() throws Exception {
        ApiClient alice = ApiClient.as("rotation-" + UUID.randomUUID(), port);
        String old = alice.getJson("/api/webhook-secret").get("secret").asString();
        String fresh = rotate(alice).get("secret").asString();

        String[] stored = storedSecrets(alice.subject());

        assertThat(stored).doesNotContainNull();
        for (String column : stored) {
            assertThat(column)
                    .startsWith("aesgcm:")
                    .doesNotContain(old.substring("whsec_".length()))
                    .doesNotContain(fresh.substring("whsec_".length()));
        }
        assertThat(alice.getJson("/api/webhook-secret").get("previous_secret").asString())
                .isEqualTo(old);
    }

    @Test
    void aSecretStoredInClearBeforeEncryptionStillSignsAndIsEncryptedAtStartUp() throws Exception {
        ApiClient alice = ApiClient.as("rotation-" + UUID.randomUUID(), port);
        String clear = WebhookSecret.generate();
        try (Connection connection = TestInfrastructure.database().connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into webhook_secrets (owner, secret, created_at) values (?, ?, now())")) {
            insert.setString(1, alice.subject());
            insert.setString(2, clear);
            insert.executeUpdate();
        }

        assertThat(alice.getJson("/api/webhook-secret").get("secret").asString())
                .isEqualTo(clear);
        try (var receiver = WebhookReceiver.answering()) {
            submit(alice, receiver.url("/hooks"));
            await().atMost(ApiClient.TIMEOUT).until(() -> receiver.requests().size() == 1);
            Request request = receiver.requests().getFirst();
            assertThat(verifies(clear, request, request.header("webhook-signature")))
                    .isTrue();
        }

        // what each instance does once it has started
        assertThat(secrets.encryptStoredInClear().block(Duration.ofSeconds(10))).isPositive();
        assertThat(storedSecrets(alice.subject())[0]).startsWith("aesgcm:");
        assertThat(alice.getJson("/api/webhook-secret").get("secret").asString())
                .isEqualTo(clear);
    }

    /** The owner's secret and previous secret as a plain SQL reader of the table sees them. */
    private static String[] storedSecrets(String owner) throws Exception {
        try (Connection connection = TestInfrastructure.database().connect();
                PreparedStatement select = connection.prepareStatement(
                        "select secret, previous_secret from webhook_secrets where owner = ?")) {
            select.setString(1, owner);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return new String[] {row.getString(1), row.getString(2)};
            }
        }
    }

    private static boolean verifies(String secret, Request request, String signature) {
        try {
            return WebhookDeliveryTest.verify(
                    secret,
                    request.header("webhook-id"),
                    request.header("webhook-timestamp"),
                    signature,
                    request.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode rotate(ApiClient caller) {
        byte[] rotated = caller.http()
                .post()
                .uri("/api/webhook-secret/rotate")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(rotated);
    }

    private static void submit(ApiClient caller, String url) {
        caller.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "type",
                        "demo",
                        "payload",
                        Map.of("stages", 1),
                        "webhook",
                        Map.of("url", url, "events", List.of("completed"))))
                .exchange()
                .expectStatus()
                .isCreated();
    }
}
