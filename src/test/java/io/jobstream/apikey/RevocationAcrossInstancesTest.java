package io.jobstream.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A key revoked on one instance is refused on another within seconds: this test's application
 * and a second instance in its own JVM, started once for the class, on the same database.
 */
@JobstreamTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationAcrossInstancesTest {

    @LocalServerPort
    int port;

    int otherPort;
    Process other;

    @BeforeAll
    void startSecondInstance() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            otherPort = socket.getLocalPort();
        }
        Path output = Files.createTempFile("jobstream-keys-instance", ".log");
        other = Instances.startProcess(
                "keys-" + UUID.randomUUID(), output, Map.of("server.port", Integer.toString(otherPort)));
        ApiClient there = ApiClient.as("keys-probe", otherPort);
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .failFast(() -> {
                    if (!other.isAlive()) {
                        throw new AssertionError("the second instance ended:\n" + Instances.output(output));
                    }
                })
                .until(() -> there.getJson("/api/api-keys").has("api_keys"));
    }

    @AfterAll
    void stopSecondInstance() throws InterruptedException {
        if (other != null) {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aKeyRevokedHereIsRefusedThereWithinSeconds() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        var created = Keys.create(alice, "across instances", List.of("jobs:read"));
        WebTestClient there = Keys.client(otherPort, created.get("key").asString());
        // in use there, so whatever that instance might keep of it, it has
        there.get().uri("/api/jobs").exchange().expectStatus().isOk();
        there.get().uri("/api/jobs").exchange().expectStatus().isOk();

        alice.http()
                .delete()
                .uri("/api/api-keys/{id}", created.get("id").asString())
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(there) == HttpStatus.UNAUTHORIZED.value());
        // and stays refused
        assertThat(status(there)).isEqualTo(HttpStatus.UNAUTHORIZED.value());
    }

    private static int status(WebTestClient client) {
        return client.get()
                .uri("/api/jobs")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }
}
