package io.jobstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
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

    /**
     * Events not written by this version's statements (by an instance older than V8 during a
     * rolling upgrade; here by hand) can have a job's next event in an older transaction than
     * the previous one. Here the older transaction (A) writes seq 102 after the younger (B)
     * wrote 101, while a transaction between them (C) is still open: the relay may not pass
     * C, yet 102 is readable. The topic must still show 101 before 102, each once.
     */
    @Test
    void eventsOfOlderTransactionsWrittenAfterYoungerOnesKeepTheJobsOrder() throws Exception {
        ApiClient client = ApiClient.as("events-" + UUID.randomUUID(), port);
        String id = client.submit("demo", Map.of("stages", 1)).get("id").asString();
        readEvents(List.of(id), Map.of(id, "completed"));
        var database = TestInfrastructure.database();
        try (Connection a = database.connect(); Connection c = database.connect(); Connection b = database.connect()) {
            a.setAutoCommit(false);
            c.setAutoCommit(false);
            transactionId(a);
            transactionId(c);
            writeProgress(b, id, 101);
            writeProgress(a, id, 102);
            a.commit();
            Thread.sleep(1_000); // several looks of the relay (every 250 ms) while C is open
            c.commit();
        }
        // published after the relay has passed C and B
        String later = client.submit("demo", Map.of("stages", 1)).get("id").asString();

        Map<String, List<JsonNode>> events = readEvents(List.of(id, later), read -> !read.get(later).isEmpty()
                && read.get(later).getLast().get("kind").asString().equals("completed")
                && read.get(id).stream().anyMatch(event -> event.get("seq").asInt() == 102));

        assertThat(events.get(id)).extracting(event -> event.get("seq").asInt())
                .containsExactly(1, 2, 3, 4, 101, 102);
    }

    private static void transactionId(Connection connection) throws Exception {
        try (var statement = connection.createStatement()) {
            statement.execute("select pg_current_xact_id()");
        }
    }

    private static void writeProgress(Connection connection, String jobId, int seq) throws Exception {
        try (var statement = connection.prepareStatement("insert into job_events (job_id, seq, kind, status, percent,"
                + " message, created_at) values (?::uuid, ?, 'progress', 'completed', 100, ?, clock_timestamp())")) {
            statement.setString(1, jobId);
            statement.setInt(2, seq);
            statement.setString(3, "by hand " + seq);
            statement.executeUpdate();
        }
    }

    private static List<String> kinds(List<JsonNode> events) {
        return events.stream().map(event -> event.get("kind").asString()).toList();
    }

    /** Reads the topic until each job's events end with the given kind; asserts each record's key is its job id. */
    private static Map<String, List<JsonNode>> readEvents(List<String> jobIds, Map<String, String> lastKinds) {
        return readEvents(jobIds, events -> lastKinds.entrySet().stream()
                .allMatch(last -> !events.get(last.getKey()).isEmpty()
                        && events.get(last.getKey()).getLast().get("kind").asString().equals(last.getValue())));
    }

    /** Reads the topic until {@code done}, then for one more second, to catch what should not come. */
    private static Map<String, List<JsonNode>> readEvents(List<String> jobIds,
            Predicate<Map<String, List<JsonNode>>> done) {
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
                collect(consumer.poll(Duration.ofMillis(200)), events);
                return done.test(events);
            });
            collect(consumer.poll(Duration.ofSeconds(1)), events);
        }
        return events;
    }

    /** Adds the events of the followed jobs; asserts each record's key is its job id. */
    private static void collect(Iterable<ConsumerRecord<String, String>> records, Map<String, List<JsonNode>> events) {
        for (ConsumerRecord<String, String> record : records) {
            if (events.containsKey(record.key())) {
                JsonNode event = JSON.readTree(record.value());
                assertThat(event.get("job_id").asString()).isEqualTo(record.key());
                events.get(record.key()).add(event);
            }
        }
    }
}
