package io.jobstream.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker of a type delivered over Kafka, as any team would write one with nothing but
 * kafka-clients: a consumer of the type's work topic (in a consumer group of its own), a
 * consumer of the whole control topic (every worker reads every cancel, from the end), and a
 * producer of reports. No reactor, nothing of jobstream's.
 */
public final class KafkaWorker implements AutoCloseable {

    public static final String REPORTS = "jobstream.worker-reports";
    public static final String REPORTS_DEAD_LETTERS = "jobstream.worker-reports.dlt";
    public static final String CONTROL = "jobstream.worker-control";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, String> offers;
    private final KafkaConsumer<String, String> control;
    private final KafkaProducer<String, String> producer;
    private final Deque<JsonNode> offered = new ArrayDeque<>();

    private KafkaWorker(String type) {
        String topic = "jobstream.work." + type;
        createTopic(topic);
        offers = consumer("worker-" + UUID.randomUUID());
        offers.subscribe(List.of(topic));
        // an offer's lease runs from when it is offered: be in the group before the first one
        await().atMost(ApiClient.TIMEOUT).until(() -> {
            offered.addAll(read(offers.poll(Duration.ofMillis(100))));
            return !offers.assignment().isEmpty();
        });
        control = consumer(null);
        List<TopicPartition> partitions = control.partitionsFor(CONTROL).stream()
                .map(partition -> new TopicPartition(CONTROL, partition.partition()))
                .toList();
        control.assign(partitions);
        control.seekToEnd(partitions);
        partitions.forEach(control::position);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** A worker of {@code type}, reading its work topic from the start. */
    public static KafkaWorker of(String type) {
        return new KafkaWorker(type);
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        var config = new java.util.HashMap<String, Object>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                // the work topic appears with the type's first offer: look for it often
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                300,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config);
    }

    /** As an operator would, before the workers start (jobstream creates it too, with the type's first offer). */
    private static void createTopic(String topic) {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> read(Iterable<ConsumerRecord<String, String>> records) {
        List<JsonNode> offers = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode offer = JSON.readTree(record.value());
            if (!offer.get("id").asString().equals(record.key())) {
                throw new AssertionError("an offer keyed " + record.key() + " is of job " + offer.get("id"));
            }
            offers.add(offer);
        }
        return offers;
    }

    /** The next offer on the type's work topic, waiting up to {@code patience}. */
    public JsonNode nextOffer(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (offered.isEmpty() && System.nanoTime() < deadline) {
            offered.addAll(read(offers.poll(Duration.ofMillis(100))));
        }
        if (offered.isEmpty()) {
            throw new AssertionError("no offer within " + patience);
        }
        return offered.removeFirst();
    }

    /** The first record on the control topic, from now on, that {@code wanted} matches, waiting up to {@code patience}. */
    public JsonNode nextControl(Predicate<JsonNode> wanted, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : control.poll(Duration.ofMillis(20))) {
                JsonNode value = JSON.readTree(record.value());
                if (wanted.test(value)) {
                    return value;
                }
            }
        }
        throw new AssertionError("no such control record within " + patience);
    }

    /**
     * A report on the job of {@code offer} with its claim token: {@code type} and {@code fields},
     * keyed by job id; waits for the broker's acknowledgement.
     */
    public void report(JsonNode offer, String type, Map<String, ?> fields) {
        var record = new java.util.LinkedHashMap<String, Object>();
        record.put("type", type);
        record.put("job_id", offer.get("id").asString());
        record.put("claim_token", offer.get("claim_token").asString());
        record.putAll(fields);
        send(offer.get("id").asString(), JSON.writeValueAsString(record));
    }

    /** Any value on the reports topic, as it stands. */
    public void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(REPORTS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        offers.close();
        control.close();
        producer.close();
    }
}
