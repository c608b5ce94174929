package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.jobstream.support.ApiClient;
import io.jobstream.support.HttpWorker;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * A worker outside the service claims jobs of a registered type over HTTP and reports on
 * them with its claim token: progress that the job's stream shows, artifacts, completed
 * stages, the result, a retryable failure; and the engine holds it to its lease and its
 * claim token.
 */
@JobstreamTest
class HttpWorkerTest {

    @LocalServerPort
    int port;

    ApiClient alice;
    HttpWorker worker;
    String type;

    @BeforeEach
    void registerType() {
        alice = ApiClient.as("http-worker-" + UUID.randomUUID(), port);
        worker = HttpWorker.any(port);
        type = RegisteredTypes.uniqueName("http");
        RegisteredTypes.register(RegisteredTypes.admin(port), type, definition(Map.of()));
    }

    /**
     * Two stages ({@code fetch}, {@code read}), a result with an integer {@code total}, a 2 s
     * heartbeat timeout and quick retries; {@code changes} replace fields.
     */
    static Map<String, Object> definition(Map<String, Object> changes) {
        Map<String, Object> definition = new HashMap<>(RegisteredTypes.countingDefinition());
        definition.put("heartbeat_timeout", "2s");
        definition.put("retry", Map.of("max_attempts", 3, "initial_backoff", "100ms", "max_backoff", "200ms"));
        definition.put(
                "result_schema",
                Map.of(
                        "type",
                        "object",
                        "required",
                        List.of("total"),
                        "properties",
                        Map.of("total", Map.of("type", "integer"))));
        definition.putAll(changes);
        return definition;
    }

    private String submit() {
        return alice.submit(type, Map.of("n", 3)).get("id").asString();
    }

    @Test
    void workerClaimsReportsProgressUploadsAnArtifactCompletesAStageAndTheJob() {
        String id = submit();

        JsonNode claimed = worker.claimOne(type);
        assertThat(claimed.get("id").asString()).isEqualTo(id);
        assertThat(claimed.get("type").asString()).isEqualTo(type);
        assertThat(claimed.get("payload").get("n").asInt()).isEqualTo(3);
        assertThat(claimed.get("attempt").asInt()).isEqualTo(1);
        assertThat(claimed.get("completed_stages")).isEmpty();
        assertThat(claimed.get("claim_token").asString()).hasSize(43);
        assertThat(alice.get(id).get("status").asString()).isEqualTo("processing");

        worker.report(claimed, "progress", Map.of("percent", 40, "stage", "fetch", "message", "fetched 2 of 5"))
                .expectStatus()
                .isNoContent();
        StepVerifier.create(alice.events(id, "0")
                        .map(ApiClient::data)
                        .filter(event -> event.get("progress").get("percent").asInt() == 40)
                        .next())
                .assertNext(event -> {
                    assertThat(event.get("kind").asString()).isEqualTo("progress");
                    assertThat(event.get("progress").get("stage").asString()).isEqualTo("fetch");
                    assertThat(event.get("progress").get("message").asString()).isEqualTo("fetched 2 of 5");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        worker.artifact(claimed, "summary.txt", "text/plain", "three lines".getBytes(StandardCharsets.UTF_8));
        assertThat(alice.getJson("/api/jobs/{id}/artifacts", id)
                        .get("artifacts")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("summary.txt");
        assertThat(alice.artifact(id, "summary.txt")).isEqualTo("three lines");

        worker.report(claimed, "logs", Map.of("lines", List.of("read page 1", "read page 2")))
                .expectStatus()
                .isNoContent();
        assertThat(alice.getJson("/api/jobs/{id}/logs", id)
                        .get("logs")
                        .valueStream()
                        .map(line -> line.get("message").asString()))
                .contains("[fetch] read page 1", "[fetch] read page 2");

        worker.report(claimed, "stages/fetch/complete", Map.of("output", Map.of("pages", 2)))
                .expectStatus()
                .isNoContent();
        assertThat(alice.get(id).get("progress").get("percent").asInt()).isEqualTo(50);

        worker.report(claimed, "complete", Map.of("result", Map.of("total", "many")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("result.total");
        worker.report(claimed, "complete", Map.of("result", Map.of("total", 6)))
                .expectStatus()
                .isNoContent();
        JsonNode done = alice.get(id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("result").get("total").asInt()).isEqualTo(6);
    }

    @Test
    void aJobRunningWhenItsTypeIsRetiredFinishes() {
        String id = submit();
        JsonNode claimed = worker.claimOne(type);
        worker.report(claimed, "stages/fetch/complete", Map.of("output", Map.of("pages", 1)))
                .expectStatus()
                .isNoContent();

        RegisteredTypes.admin(port)
                .http()
                .delete()
                .uri("/api/job-types/{name}", type)
                .exchange()
                .expectStatus()
                .isOk();

        worker.heartbeat(claimed);
        worker.report(claimed, "complete", Map.of("result", Map.of("total", 1)))
                .expectStatus()
                .isNoContent();
        assertThat(alice.get(id).get("status").asString()).isEqualTo("completed");
    }

    @Test
    void aRetryableFailureIsRetriedAndTheNextAttemptGetsTheCompletedStages() {
        String id = submit();
        JsonNode first = worker.claimOne(type);
        worker.report(first, "stages/fetch/complete", Map.of("output", Map.of("pages", 7)))
                .expectStatus()
                .isNoContent();
        worker.report(first, "fail", Map.of("error_code", "TIMEOUT", "error", "upstream slow", "retryable", true))
                .expectStatus()
                .isNoContent();
        JsonNode retrying = alice.get(id);
        assertThat(retrying.get("status").asString()).isEqualTo("retrying");
        assertThat(retrying.get("error_code").asString()).isEqualTo("TIMEOUT");

        JsonNode second = worker.claimOne(type);
        assertThat(second.get("id").asString()).isEqualTo(id);
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        assertThat(second.get("completed_stages")).hasSize(1);
        assertThat(second.get("completed_stages").get(0).get("name").asString()).isEqualTo("fetch");
        assertThat(second.get("completed_stages")
                        .get(0)
                        .get("output")
                        .get("pages")
                        .asInt())
                .isEqualTo(7);
        worker.report(first, "complete", Map.of("result", Map.of("total", 1)))
                .expectStatus()
                .isEqualTo(409);
        worker.report(second, "complete", Map.of("result", Map.of("total", 1)))
                .expectStatus()
                .isNoContent();
        assertThat(alice.get(id).get("status").asString()).isEqualTo("completed");
    }

    @Test
    void aFailureThatIsNotRetryableFailsTheJob() {
        String id = submit();
        JsonNode claimed = worker.claimOne(type);
        worker.report(claimed, "fail", Map.of("error_code", "VALIDATION_ERROR", "error", "no such invoice"))
                .expectStatus()
                .isNoContent();
        JsonNode failed = alice.get(id);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(failed.get("error").asString()).isEqualTo("no such invoice");
    }

    @Test
    void aWorkerThatStopsHeartbeatingLosesTheJobAndTheNextClaimResumesAfterItsLastStage() {
        String id = submit();
        JsonNode lost = worker.claimOne(type);
        worker.report(lost, "stages/fetch/complete", Map.of("output", Map.of("pages", 3)))
                .expectStatus()
                .isNoContent();
        assertThat(worker.heartbeat(lost).get("cancel_requested").asBoolean()).isFalse();

        // no heartbeat for longer than the type's 2 s: the lease runs out and the job waits again
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alice.get(id).get("status").asString().equals("queued"));
        JsonNode resumed = HttpWorker.any(port).claimOne(type);
        assertThat(resumed.get("attempt").asInt()).isEqualTo(2);
        assertThat(resumed.get("completed_stages")
                        .get(0)
                        .get("output")
                        .get("pages")
                        .asInt())
                .isEqualTo(3);

        JsonNode before = alice.get(id);
        worker.report(lost, "progress", Map.of("percent", 90, "stage", "read"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .value(containsString("claim token"));
        worker.report(lost, "heartbeat", Map.of()).expectStatus().isEqualTo(409);
        worker.report(lost, "complete", Map.of("result", Map.of("total", 1)))
                .expectStatus()
                .isEqualTo(409);
        JsonNode after = alice.get(id);
        assertThat(after.get("status").asString()).isEqualTo("processing");
        assertThat(after.get("progress")).isEqualTo(before.get("progress"));
        assertThat(after.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aCancelledJobsHeartbeatSaysSoAndItsOtherCallsConflict() {
        String id = submit();
        JsonNode claimed = worker.claimOne(type);
        assertThat(alice.cancel(id).get("status").asString()).isEqualTo("cancelled");

        JsonNode heartbeat = worker.heartbeat(claimed);
        assertThat(heartbeat.get("cancel_requested").asBoolean()).isTrue();
        worker.report(claimed, "progress", Map.of("percent", 50)).expectStatus().isEqualTo(409);
        worker.report(claimed, "complete", Map.of("result", Map.of("total", 1)))
                .expectStatus()
                .isEqualTo(409);
        assertThat(alice.get(id).get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void twoConcurrentClaimersNeverGetTheSameJob() {
        List<String> submitted =
                java.util.stream.IntStream.range(0, 12).mapToObj(i -> submit()).toList();
        HttpWorker other = HttpWorker.any(port);
        List<java.util.concurrent.Callable<JsonNode>> claims = java.util.stream.IntStream.range(0, 8)
                .<java.util.concurrent.Callable<JsonNode>>mapToObj(
                        round -> () -> (round % 2 == 0 ? worker : other).claim(List.of(type), 3, 0))
                .toList();
        List<String> claimed = io.jobstream.support.Concurrently.call(claims, Duration.ofSeconds(30)).stream()
                .flatMap(JsonNode::valueStream)
                .map(job -> job.get("id").asString())
                .toList();
        assertThat(claimed).doesNotHaveDuplicates();
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(submitted);
    }

    @Test
    void claimsAreSharedFairlyOverOwnersWhoseFloodWaitsItsTurn() {
        List<String> flood =
                java.util.stream.IntStream.range(0, 6).mapToObj(i -> submit()).toList();
        ApiClient bob = ApiClient.as("http-worker-bob-" + UUID.randomUUID(), port);
        List<String> bobs = java.util.stream.IntStream.range(0, 2)
                .mapToObj(i -> bob.submit(type, Map.of("n", 1)).get("id").asString())
                .toList();

        List<String> claimed = worker.claim(List.of(type), 4, 0)
                .valueStream()
                .map(job -> job.get("id").asString())
                .toList();
        assertThat(claimed).containsExactlyInAnyOrder(flood.get(0), flood.get(1), bobs.get(0), bobs.get(1));
    }

    @Test
    void aWaitingClaimGetsAJobSubmittedMeanwhileAndAnEmptyAnswerAfterItsWait() {
        long start = System.nanoTime();
        assertThat(worker.claim(List.of(type), 1, 1)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> worker.claim(List.of(type), 1, 20),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        // time for the claim's first look, so that the job comes while it waits
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        long submitted = System.nanoTime();
        String id = submit();
        JsonNode jobs = waiting.join();
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("id").asString()).isEqualTo(id);
        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theJobTimeLimitHoldsWhileTheWorkerKeepsHeartbeating() {
        String limited = RegisteredTypes.uniqueName("limited");
        RegisteredTypes.register(
                RegisteredTypes.admin(port),
                limited,
                definition(Map.of("job_timeout", "2s", "retry", Map.of("max_attempts", 1))));
        String id = alice.submit(limited, Map.of("n", 1)).get("id").asString();
        JsonNode claimed = worker.claimOne(limited);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    worker.report(claimed, "heartbeat", Map.of());
                    return alice.get(id).get("status").asString().equals("failed");
                });
        assertThat(alice.get(id).get("error_code").asString()).isEqualTo("TIMEOUT");
        worker.report(claimed, "heartbeat", Map.of()).expectStatus().isEqualTo(409);
    }

    @Test
    void aStageThatOutlastsItsLimitTimesOutAndIsRetried() {
        String limited = RegisteredTypes.uniqueName("slow-stage");
        RegisteredTypes.register(RegisteredTypes.admin(port), limited, definition(Map.of("stage_timeout", "1s")));
        String id = alice.submit(limited, Map.of("n", 1)).get("id").asString();
        JsonNode claimed = worker.claimOne(limited);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    worker.report(claimed, "heartbeat", Map.of());
                    return !alice.get(id).get("status").asString().equals("processing");
                });
        JsonNode timedOut = alice.get(id);
        assertThat(timedOut.get("error_code").asString()).isEqualTo("TIMEOUT");
        assertThat(timedOut.get("status").asString()).isEqualTo("retrying");
        assertThat(worker.claimOne(limited).get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void stagesCompleteInTheTypesOrder() {
        submit();
        JsonNode claimed = worker.claimOne(type);
        worker.report(claimed, "stages/read/complete", Map.of("output", 1))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("stage");
        worker.report(claimed, "stages/print/complete", Map.of("output", 1))
                .expectStatus()
                .isBadRequest();
        worker.report(claimed, "stages/fetch/complete", Map.of("output", 1))
                .expectStatus()
                .isNoContent();
        worker.report(claimed, "stages/read/complete", Map.of("output", 2))
                .expectStatus()
                .isNoContent();
    }
}
