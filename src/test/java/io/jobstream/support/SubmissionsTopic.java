package io.jobstream.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The submissions topic as a producer sees it: records in, and the dead letters with their reasons. */
public final class SubmissionsTopic {

    public static final String TOPIC = "jobstream.submissions";
    public static final String DEAD_LETTERS = "jobstream.submissions.dlt";

    private SubmissionsTopic() {}

    /** Writes one record, keyed {@code key} (null: no key), and waits for the broker's acknowledgement. */
    public static void produce(String key, String value) {
        produce(key, value, Map.of());
    }

    /** As {@link #produce(String, String)}, with these headers (their values in UTF-8). */
    public static void produce(String key, String value, Map<String, String> headers) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            var record = new ProducerRecord<>(TOPIC, key, value);
            headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the records keyed {@code keys} are set aside, and answers the reason of each. */
    public static Map<String, String> deadLetterReasons(List<String> keys) {
        return deadLetterReasons(DEAD_LETTERS, keys);
    }

    /** As {@link #deadLetterReasons(List)}, on another dead-letter topic (the workers' reports'). */
    public static Map<String, String> deadLetterReasons(String deadLetterTopic, List<String> keys) {
        Map<String, String> reasons = new HashMap<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(deadLetterTopic));
            await().atMost(ApiClient.TIMEOUT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        reasons.put(
                                record.key(),
                                new String(
                                        record.headers()
                                                .lastHeader("jobstream-dlt-reason")
                                                .value(),
                                        StandardCharsets.UTF_8));
                    }
                }
                return reasons.keySet().containsAll(keys);
            });
        }
        return reasons;
    }
}
