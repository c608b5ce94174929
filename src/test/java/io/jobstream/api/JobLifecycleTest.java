package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import tools.jackson.databind.JsonNode;

/** A job's whole life through real HTTP, Kafka and PostgreSQL, followed on its event stream. */
@JobstreamTest
class JobLifecycleTest {

    @LocalServerPort
    int port;

    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void clients() {
        alice = ApiClient.as("alice", port);
        bob = ApiClient.as("bob", port);
    }

    @Test
    void submittedDemoJobStreamsEveryStageInOrderThenCompletes() {
        JsonNode created = alice.submit("demo", Map.of("stages", 3, "stage_ms", 500));
        String id = created.get("id").asString();
        assertThat(created.get("status").asString()).isEqualTo("queued");
        assertThat(created.get("type").asString()).isEqualTo("demo");

        List<ServerSentEvent<String>> stream = alice.readEvents(id);

        assertThat(stream.getFirst().event()).isEqualTo("state");
        assertThat(ApiClient.data(stream.getFirst()).get("id").asString()).isEqualTo(id);
        assertConsecutiveIds(stream);
        List<ServerSentEvent<String>> progress =
                stream.stream().filter(e -> "progress".equals(e.event())).toList();
        assertThat(progress)
                .extracting(e -> ApiClient.data(e).at("/progress/stage").asString())
                .containsExactly("stage-1", "stage-2", "stage-3");
        assertThat(progress)
                .extracting(e -> ApiClient.data(e).at("/progress/percent").asInt())
                .containsExactly(33, 66, 100);
        ServerSentEvent<String> last = stream.getLast();
        assertThat(last.event()).isEqualTo("completed");
        assertThat(ApiClient.data(last).get("status").asString()).isEqualTo("completed");

        JsonNode job = alice.get(id);
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.at("/progress/percent").asInt()).isEqualTo(100);
        assertThat(job.at("/result/stages_completed").asInt()).isEqualTo(3);
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("retry_count").asInt()).isZero();
        assertThat(job.get("error_code").isNull()).isTrue();
        assertThat(job.get("started_at").isNull()).isFalse();
        assertThat(job.get("completed_at").isNull()).isFalse();
        assertThat(Long.parseLong(last.id())).isEqualTo(lastEventSeq(stream));
    }

    @Test
    void streamOfAFinishedJobIsItsFinalStateAlone() {
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        awaitStatus(alice, id, "completed");

        List<ServerSentEvent<String>> stream = alice.readEvents(id);

        assertThat(stream).hasSize(1);
        assertThat(stream.getFirst().event()).isEqualTo("state");
        assertThat(ApiClient.data(stream.getFirst()).get("status").asString()).isEqualTo("completed");
    }

    @Test
    void reconnectWithLastEventIdReplaysExactlyWhatWasMissed() {
        String id = alice.submit("demo", Map.of("stages", 4, "stage_ms", 300))
                .get("id")
                .asString();
        List<ServerSentEvent<String>> firstPart = alice.events(id)
                .takeUntil(e -> "progress".equals(e.event()))
                .collectList()
                .block(ApiClient.TIMEOUT);
        String lastSeen = firstPart.getLast().id();

        List<ServerSentEvent<String>> rest =
                alice.events(id, lastSeen).collectList().block(ApiClient.TIMEOUT);

        assertThat(rest.getFirst().event()).isNotEqualTo("state");
        assertThat(Long.parseLong(rest.getFirst().id())).isEqualTo(Long.parseLong(lastSeen) + 1);
        assertConsecutiveIds(rest);
        assertThat(rest.getLast().event()).isEqualTo("completed");
        List<ServerSentEvent<String>> whole = new java.util.ArrayList<>(firstPart);
        whole.addAll(rest);
        assertThat(whole)
                .filteredOn(e -> "progress".equals(e.event()))
                .extracting(e -> ApiClient.data(e).at("/progress/stage").asString())
                .containsExactly("stage-1", "stage-2", "stage-3", "stage-4");
    }

    @Test
    void reconnectAfterTheEndIsTold204SoThatBrowsersStopReconnecting() {
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        awaitStatus(alice, id, "completed");
        List<ServerSentEvent<String>> all = alice.events(id, "0").collectList().block(ApiClient.TIMEOUT);
        String lastId = all.getLast().id();

        assertThat(all)
                .extracting(ServerSentEvent::event)
                .containsExactly("queued", "started", "progress", "completed");
        alice.http()
                .get()
                .uri("/api/jobs/{id}/events", id)
                .header("Last-Event-ID", lastId)
                .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNoContent();
        // one event short of the end: that event, then the stream ends
        List<ServerSentEvent<String>> rest = alice.events(id, Long.toString(Long.parseLong(lastId) - 1))
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(rest).extracting(ServerSentEvent::event).containsExactly("completed");
    }

    @Test
    void failingDemoJobEndsFailedWithItsErrorCodeOnGetAndStream() {
        String id = alice.submit(
                        "demo", Map.of("stages", 3, "stage_ms", 500, "fail_at_stage", 2, "error_code", "PARSE_ERROR"))
                .get("id")
                .asString();

        List<ServerSentEvent<String>> stream = alice.readEvents(id);

        ServerSentEvent<String> last = stream.getLast();
        assertThat(last.event()).isEqualTo("failed");
        assertThat(ApiClient.data(last).get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(stream)
                .filteredOn(e -> "progress".equals(e.event()))
                .extracting(e -> ApiClient.data(e).at("/progress/stage").asString())
                .containsExactly("stage-1");
        JsonNode job = alice.get(id);
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(job.get("error").asString()).isEqualTo("demo failure at stage 2 (attempt 1)");
        assertThat(job.get("result").isNull()).isTrue();
        assertThat(job.get("completed_at").isNull()).isFalse();
    }

    @Test
    void anotherUsersJobIsNotFoundOnGetAndOnStream() {
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();

        bob.http()
                .get()
                .uri("/api/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("NOT_FOUND")
                .jsonPath("$.status")
                .isEqualTo(404);
        bob.http()
                .get()
                .uri("/api/jobs/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void anotherUsersJobAnswersExactlyLikeAMissingOne() {
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        String missing = java.util.UUID.randomUUID().toString();

        String forBob = bob.http()
                .get()
                .uri("/api/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String forMissing = bob.http()
                .get()
                .uri("/api/jobs/{id}", missing)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(forBob.replace(id, "ID")).isEqualTo(forMissing.replace(missing, "ID"));
    }

    static void awaitStatus(ApiClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> client.get(id).get("status").asString().equals(status));
    }

    private static void assertConsecutiveIds(List<ServerSentEvent<String>> stream) {
        long first = Long.parseLong(stream.getFirst().id());
        assertThat(stream)
                .extracting(e -> Long.parseLong(e.id()))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(first, first + stream.size() - 1)
                        .boxed()
                        .toList());
    }

    private static long lastEventSeq(List<ServerSentEvent<String>> stream) {
        return ApiClient.data(stream.getLast()).get("seq").asLong();
    }
}
