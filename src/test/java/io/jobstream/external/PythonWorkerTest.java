package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import io.jobstream.support.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Real {@code python3} processes work jobs of registered types with the Python client of
 * {@code clients/python/}: its example worker, and {@code src/test/resources/python/test_worker.py}
 * whose payload's {@code mode} picks what the handler does. Skipped where there is no python3.
 */
@JobstreamTest
class PythonWorkerTest {

    /** The test types' heartbeat timeout: the client heartbeats every third of it. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    @LocalServerPort
    int port;

    ApiClient alice;
    String token;
    final List<WorkerProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(WorkerProcess.pythonAvailable(), "python3 (3.9 or newer) is not installed");
        alice = ApiClient.as("python-worker-" + UUID.randomUUID(), port);
        token = Tokens.withClaims("python-worker-" + UUID.randomUUID(), Map.of("scope", "jobs:work"));
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (WorkerProcess process : processes) {
            process.close();
        }
    }

    @Test
    void theExampleWorkerReportsProgressOnTheStreamUploadsItsReportAndCompletes() {
        String type = register(
                "count",
                Map.of(
                        "type",
                        "object",
                        "additionalProperties",
                        false,
                        "required",
                        List.of("n"),
                        "properties",
                        Map.of("n", Map.of("type", "integer", "minimum", 1, "maximum", 60))),
                List.of("count", "report"));
        String id = alice.submit(type, Map.of("n", 3)).get("id").asString();
        python("clients/python/example_worker.py", "--url", url(), "--type", type, "--step-seconds", "0.2");

        StepVerifier.create(alice.events(id, "0").map(ApiClient::data).collectList())
                .assertNext(events -> {
                    assertThat(events)
                            .filteredOn(event -> event.get("kind").asString().equals("progress"))
                            .extracting(event ->
                                    event.get("progress").get("message").asString())
                            .contains("counted 1 of 3", "counted 2 of 3", "counted 3 of 3");
                    assertThat(events.getLast().get("kind").asString()).isEqualTo("completed");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));

        JsonNode done = alice.get(id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("result").get("total").asInt()).isEqualTo(6);
        assertThat(alice.artifact(id, "report.txt")).isEqualTo("1 + ... + 3 = 6\n");
    }

    @Test
    void aRetryableErrorFailsTheFirstAttemptAndTheSecondGetsTheFirstStagesOutput() {
        String type = registerTestType();
        startTestWorker(type);
        String id = submit(type, "flaky");

        JsonNode done = alice.awaitStatus(id, "completed", Duration.ofSeconds(30));
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(done.get("result").get("total").asInt()).isEqualTo(7);
        assertThat(logs(id)).anyMatch(line -> line.contains("attempt 2 sees fetch output {'pages': 7}"));
    }

    @Test
    void anyOtherExceptionFailsTheJobWithItsMessageAndNoRetry() {
        String type = registerTestType();
        WorkerProcess worker = startTestWorker(type);
        String id = submit(type, "broken");

        JsonNode failed = alice.awaitStatus(id, "failed", Duration.ofSeconds(30));
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("error_code").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(failed.get("error").asString()).isEqualTo("no such invoice");
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.wrote("job " + id + " failed: no such invoice"));
    }

    @Test
    void aKilledWorkersJobIsClaimedAgainAfterTheHeartbeatTimeoutAndResumesAfterItsLastStage()
            throws InterruptedException {
        String type = registerTestType();
        WorkerProcess first = startTestWorker(type);
        String id = submit(type, "resume");
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        "read".equals(alice.get(id).get("progress").get("stage").asString()));

        WorkerProcess second = startTestWorker(type);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.wrote("worker claiming"));
        // the second worker keeps asking while the first keeps heartbeating: it never gets the job
        await().during(HEARTBEAT_TIMEOUT.plusMillis(500))
                .atMost(HEARTBEAT_TIMEOUT.plusSeconds(3))
                .until(() -> !second.wrote(id) && alice.get(id).get("attempts").asInt() == 1);

        first.kill();
        JsonNode done = alice.awaitStatus(id, "completed", Duration.ofSeconds(30));
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(done.get("result").get("fetched_by").asInt()).isEqualTo(1);
        assertThat(done.get("result").get("read_by").asInt()).isEqualTo(2);
        assertThat(second.output())
                .anyMatch(line -> line.contains("job " + id + " claimed") && line.contains("attempt 2"));
        List<String> logs = logs(id);
        assertThat(logs)
                .filteredOn(line -> line.contains("fetching on attempt"))
                .hasSize(1);
        assertThat(logs).anyMatch(line -> line.contains("fetching on attempt 1"));
        assertThat(logs).anyMatch(line -> line.contains("attempt 2 resumes after fetch"));
        assertThat(logs).anyMatch(line -> line.contains("reading on attempt 2"));
        assertThat(alice.getJson("/api/jobs/{id}/artifacts", id)
                        .get("artifacts")
                        .valueStream()
                        .map(artifact -> artifact.get("name").asString()))
                .containsExactly("fetch-1.txt");
    }

    @Test
    void aCancelReachesThePythonWorkerWithinOneHeartbeat() {
        String type = registerTestType();
        WorkerProcess worker = startTestWorker(type);
        String id = submit(type, "loop");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "looping"
                        .equals(alice.get(id).get("progress").get("message").asString()));

        assertThat(alice.cancel(id).get("status").asString()).isEqualTo("cancelled");
        // a heartbeat every third of the 2 s timeout, and a margin for a busy machine
        await().atMost(HEARTBEAT_TIMEOUT.dividedBy(3).plusSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> worker.wrote("job " + id + " stopped: cancelled"));
        assertThat(worker.output()).contains("handler saw the cancel of job " + id);
        assertThat(worker.isAlive()).isTrue();
        assertThat(alice.get(id).get("status").asString()).isEqualTo("cancelled");
    }

    private String url() {
        return "http://localhost:" + port;
    }

    private String register(String what, Map<String, ?> payloadSchema, List<String> stages) {
        String type = RegisteredTypes.uniqueName(what);
        RegisteredTypes.register(
                RegisteredTypes.admin(port),
                type,
                Map.of(
                        "description",
                        "A type of PythonWorkerTest's.",
                        "payload_schema",
                        payloadSchema,
                        "stages",
                        stages,
                        "heartbeat_timeout",
                        HEARTBEAT_TIMEOUT.toSeconds() + "s",
                        "retry",
                        Map.of("max_attempts", 3, "initial_backoff", "100ms", "max_backoff", "200ms")));
        return type;
    }

    private String registerTestType() {
        return register(
                "python",
                Map.of(
                        "type", "object",
                        "required", List.of("mode"),
                        "properties", Map.of("mode", Map.of("enum", List.of("flaky", "resume", "broken", "loop")))),
                List.of("fetch", "read"));
    }

    private String submit(String type, String mode) {
        return alice.submit(type, Map.of("mode", mode)).get("id").asString();
    }

    private WorkerProcess startTestWorker(String type) {
        return python(Path.of("src/test/resources/python/test_worker.py").toString(), url(), type);
    }

    private WorkerProcess python(String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of("python3", "-u", script));
        command.addAll(List.of(arguments));
        WorkerProcess process = WorkerProcess.start(token, command);
        processes.add(process);
        return process;
    }

    private List<String> logs(String id) {
        return alice.getJson("/api/jobs/{id}/logs", id)
                .get("logs")
                .valueStream()
                .map(line -> line.get("message").asString())
                .toList();
    }
}
