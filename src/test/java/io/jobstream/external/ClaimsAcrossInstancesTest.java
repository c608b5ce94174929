package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.Concurrently;
import io.jobstream.support.HttpWorker;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Workers of two instances on one database: this test's application and a second instance in
 * its own JVM, started once for the class. Claims sent to both at the same time never get the
 * same job; a delayed job submitted to one is claimed on the other within a second of its time.
 */
@JobstreamTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimsAcrossInstancesTest {

    private static final int JOBS = 30;

    @LocalServerPort
    int port;

    int otherPort;
    Process other;

    @BeforeAll
    void startSecondInstance() throws IOException {
        String type = RegisteredTypes.uniqueName("ready");
        RegisteredTypes.register(RegisteredTypes.admin(port), type, HttpWorkerTest.definition(Map.of()));
        otherPort = freePort();
        Path output = Files.createTempFile("jobstream-claims-instance", ".log");
        other = Instances.startProcess(
                "claims-" + UUID.randomUUID(), output, Map.of("server.port", Integer.toString(otherPort)));
        HttpWorker there = HttpWorker.any(otherPort);
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .failFast(() -> {
                    if (!other.isAlive()) {
                        throw new AssertionError("the second instance ended:\n" + Instances.output(output));
                    }
                })
                .until(() -> there.claim(List.of(type), 1, 0).isEmpty());
    }

    @AfterAll
    void stopSecondInstance() throws InterruptedException {
        if (other != null) {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void workersOfTwoInstancesNeverGetTheSameJob() {
        String type = RegisteredTypes.uniqueName("across");
        // a lease far longer than the test: a job claimed twice here would be claimed twice at once
        RegisteredTypes.register(
                RegisteredTypes.admin(port), type, HttpWorkerTest.definition(Map.of("heartbeat_timeout", "10m")));
        HttpWorker here = HttpWorker.any(port);
        HttpWorker there = HttpWorker.any(otherPort);
        // three owners, each well within the tests' quota of 20 active jobs
        List<ApiClient> owners = IntStream.range(0, 3)
                .mapToObj(i -> ApiClient.as("across-" + UUID.randomUUID(), port))
                .toList();
        List<String> submitted = IntStream.range(0, JOBS)
                .mapToObj(i ->
                        owners.get(i % 3).submit(type, Map.of("n", 1)).get("id").asString())
                .toList();

        // twenty workers at once, half on each instance, three jobs each at most
        List<Callable<JsonNode>> claims = IntStream.range(0, 2 * JOBS / 3)
                .<Callable<JsonNode>>mapToObj(round -> () -> (round % 2 == 0 ? here : there).claim(List.of(type), 3, 1))
                .toList();
        List<String> claimed = Concurrently.call(claims, Duration.ofSeconds(60)).stream()
                .flatMap(JsonNode::valueStream)
                .map(job -> job.get("id").asString())
                .toList();

        assertThat(claimed).doesNotHaveDuplicates();
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(submitted);
        for (int i = 0; i < JOBS; i++) {
            owners.get(i % 3).cancel(submitted.get(i));
        }
    }

    @Test
    void aDelayedJobSubmittedHereIsClaimedThereWithinASecondOfItsTime() {
        String type = RegisteredTypes.uniqueName("delayed-across");
        RegisteredTypes.register(RegisteredTypes.admin(port), type, HttpWorkerTest.definition(Map.of()));
        ApiClient alice = ApiClient.as("across-" + UUID.randomUUID(), port);
        HttpWorker there = HttpWorker.any(otherPort);
        JsonNode job = alice.http()
                .post()
                .uri("/api/jobs")
                .bodyValue(Map.of("type", type, "payload", Map.of("n", 1), "delay", "2s"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String id = job.get("id").asString();

        JsonNode claimed = there.claim(List.of(type), 1, 10);

        assertThat(claimed).extracting(one -> one.get("id").asString()).containsExactly(id);
        Instant runAt = Instant.parse(job.get("run_at").asString());
        Instant startedAt = Instant.parse(alice.get(id).get("started_at").asString());
        assertThat(startedAt).isAfterOrEqualTo(runAt);
        assertThat(Duration.between(runAt, startedAt)).isLessThan(Duration.ofSeconds(1));
        alice.cancel(id);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
