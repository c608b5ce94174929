package io.jobstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Kafka consumer follows jobs without HTTP: every lifecycle event, keyed by job id, in order. */
@JobstreamTest
class EventsTopicTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void everyLifecycleEventOfAJobReachesTheEventsTopicInOrder() {
        ApiClient client = ApiClient.as("events-" + UUID.randomUUID(), port);
        String completed = client.submit("demo", Map.of("stages", 2)).get("id").asString();
        String retried = client.submit("demo", Map.of("stages", 1, "fail_times", 1)).get("id").asString();
        String cancelled = client.submit("demo", Map.of("stages", 1, "stage_ms", 30_000)).get("id").asString();
        client.awaitStatus(cancelled, "processing");
        client.cancel(cancelled);

        Map<String, List<JsonNode>> events = readEvents(List.of(completed, retried, cancelled), Map.of(
                completed, "completed", retried, "completed", cancelled, "cancelled"));

        assertThat(kinds(events.get(completed))).containsExactly("queued", "started", "progress", "progress", "completed");
        assertThat(kinds(events.get(retried))).containsExactly("queued", "started", "retrying", "started", "progress",
                "completed");
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

    /** Reads the topic until each job's events end with the given kind; asserts each record's key is its job id. */
    private static Map<String, List<JsonNode>> readEvents(List<String> jobIds, Map<String, String> lastKinds) {
        Map<String, List<JsonNode>> events = new java.util.HashMap<>();
        jobIds.forEach(id -> events.put(id, new ArrayList<>()));
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("jobstream.events"));
            await().atMost(ApiClient.TIMEOUT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (events.containsKey(record.key())) {
                        JsonNode event = JSON.readTree(record.value());
                        assertThat(event.get("job_id").asString()).isEqualTo(record.key());
                        events.get(record.key()).add(event);
                    }
                }
                return lastKinds.entrySet().stream().allMatch(last -> !events.get(last.getKey()).isEmpty()
                        && events.get(last.getKey()).getLast().get("kind").asString().equals(last.getValue()));
            });
        }
        return events;
    }
}
