package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import io.jobstream.support.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Java example worker of {@code clients/java/}, run as a single source file ({@code java
 * Worker.java}) by the JDK that runs the tests, works a job end to end.
 */
@JobstreamTest
class JavaWorkerTest {

    @LocalServerPort
    int port;

    @Test
    void theJavaExampleWorkerCountsUploadsItsReportAndCompletes() throws InterruptedException {
        ApiClient alice = ApiClient.as("java-worker-" + UUID.randomUUID(), port);
        String type = RegisteredTypes.uniqueName("java");
        RegisteredTypes.register(
                RegisteredTypes.admin(port),
                type,
                Map.of(
                        "description",
                        "Counts to n, in the Java example worker.",
                        "payload_schema",
                        Map.of(
                                "type", "object",
                                "required", List.of("n"),
                                "properties", Map.of("n", Map.of("type", "integer"))),
                        "stages",
                        List.of("count", "report"),
                        "heartbeat_timeout",
                        "2s"));
        String id = alice.submit(type, Map.of("n", 4)).get("id").asString();
        String java = ProcessHandle.current().info().command().orElse("java");
        String token = Tokens.withClaims("java-worker-" + UUID.randomUUID(), Map.of("scope", "jobs:work"));

        try (WorkerProcess worker = WorkerProcess.start(
                token,
                List.of(
                        java,
                        "clients/java/Worker.java",
                        "--url",
                        "http://localhost:" + port,
                        "--type",
                        type,
                        "--step-seconds",
                        "0.2"))) {
            // compiling the source file takes the launcher a few seconds on a busy machine
            JsonNode done = alice.awaitStatus(id, "completed", Duration.ofSeconds(60));
            assertThat(done.get("result").get("total").asInt()).isEqualTo(10);
            assertThat(done.get("progress").get("percent").asInt()).isEqualTo(100);
            assertThat(alice.artifact(id, "report.txt")).isEqualTo("1 + ... + 4 = 10\n");
            assertThat(worker.output()).contains("job " + id + " claimed", "job " + id + " completed");
        }
    }
}
