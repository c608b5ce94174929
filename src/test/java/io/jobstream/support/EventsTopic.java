package io.jobstream.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the events topic ({@code jobstream.events}) from its start, as a Kafka consumer of it would. */
public final class EventsTopic {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventsTopic() {}

    /** Each job's events, read until each one's last event has the given kind; asserts each record's key is its job id. */
    public static Map<String, List<JsonNode>> readUntilLast(Map<String, String> lastKinds) {
        return read(
                List.copyOf(lastKinds.keySet()),
                events -> lastKinds.entrySet().stream()
                        .allMatch(last -> !events.get(last.getKey()).isEmpty()
                                && events.get(last.getKey())
                                        .getLast()
                                        .get("kind")
                                        .asString()
                                        .equals(last.getValue())));
    }

    /** Each job's events, read until {@code done}, then for one more second, to catch what should not come. */
    public static Map<String, List<JsonNode>> read(List<String> jobIds, Predicate<Map<String, List<JsonNode>>> done) {
        Map<String, List<JsonNode>> events = new HashMap<>();
        jobIds.forEach(id -> events.put(id, new ArrayList<>()));
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "events-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
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
