package io.jobstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.EventsTopic;
import io.jobstream.support.JobstreamTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A Kafka consumer follows jobs without HTTP: every lifecycle event, keyed by job id, in order. */
@JobstreamTest
class EventsTopicTest {

    @LocalServerPort
    int port;

    @Test
    void everyLifecycleEventOfAJobReachesTheEventsTopicInOrder() {
        ApiClient client = ApiClient.as("events-" + UUID.randomUUID(), port);
        String completed = client.submit("demo", Map.of("stages", 2)).get("id").asString();
        String retried = client.submit("demo", Map.of("stages", 1, "fail_times", 1))
                .get("id")
                .asString();
        String cancelled = client.submit("demo", Map.of("stages", 1, "stage_ms", 30_000))
                .get("id")
                .asString();
        client.awaitStatus(cancelled, "processing");
        client.cancel(cancelled);

        Map<String, List<JsonNode>> events =
                EventsTopic.readUntilLast(Map.of(completed, "completed", retried, "completed", cancelled, "cancelled"));

        assertThat(kinds(events.get(completed)))
                .containsExactly("queued", "started", "progress", "progress", "completed");
        assertThat(kinds(events.get(retried)))
                .containsExactly("queued", "started", "retrying", "started", "progress", "completed");
        assertThat(kinds(events.get(cancelled))).containsExactly("queued", "started", "cancelled");
        JsonNode last = events.get(completed).getLast();
        assertThat(last.get("job_id").asString()).isEqualTo(completed);
        assertThat(last.get("seq").asInt()).isEqualTo(5);
        assertThat(last.get("status").asString()).isEqualTo("completed");
        assertThat(last.get("type").asString()).isEqualTo("demo");
        assertThat(last.get("owner").asString()).isEqualTo(client.subject());
        assertThat(last.at("/progress/percent").asInt()).isEqualTo(100);
        assertThat(last.get("created_at").asString()).isNotBlank();
    }

    private static List<String> kinds(List<JsonNode> events) {
        return events.stream().map(event -> event.get("kind").asString()).toList();
    }
}
