package io.jobstream.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The configuration of every Kafka client jobstream builds, in three layers: jobstream's
 * tunable defaults (timeouts, linger), then the operator's {@code jobstream.kafka.properties.*}
 * (security, SASL, SSL, client ids, anything else Kafka knows), then the settings jobstream's
 * correctness rests on, which the operator may not set at all ({@link #RESERVED}).
 */
final class KafkaClientSettings {

    /**
     * Keys jobstream owns: its record formats, its consumer groups and manual in-order commits,
     * its idempotent producer, reading a new group's topics from the start, and keys that have a
     * {@code jobstream.kafka.*} property of their own. Setting one in the map fails the start.
     */
    static final Map<String, String> RESERVED = Map.ofEntries(
            Map.entry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "set jobstream.kafka.bootstrap-servers instead"),
            Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "jobstream writes string keys"),
            Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "jobstream writes byte values"),
            Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "jobstream reads string keys"),
            Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "jobstream reads byte values"),
            Map.entry(ConsumerConfig.GROUP_ID_CONFIG, "set the jobstream.kafka.*-group properties instead"),
            Map.entry(
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    "one value for every consumer of every instance would fence them from each other"),
            Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "jobstream commits only what it has handled"),
            Map.entry(
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "a new group must read what was written before it joined"),
            Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "set jobstream.kafka.session-timeout instead"),
            Map.entry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "set jobstream.kafka.max-poll-interval instead"),
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "start commands must not be duplicated by retries"),
            Map.entry(ProducerConfig.ACKS_CONFIG, "a record is sent once every in-sync replica has it"),
            Map.entry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jobstream's producer is not transactional"));

    private KafkaClientSettings() {}

    /**
     * Refuses operator properties that would take over one of jobstream's own settings; the
     * message names the keys and why, never a value (values may be secrets).
     */
    static void check(Map<String, String> properties) {
        Set<String> refused = new TreeSet<>(properties.keySet());
        refused.retainAll(RESERVED.keySet());
        if (refused.isEmpty()) {
            return;
        }
        StringBuilder message =
                new StringBuilder("jobstream.kafka.properties may not set these keys, which jobstream sets itself:");
        for (String key : refused) {
            message.append('\n').append("  ").append(key).append(": ").append(RESERVED.get(key));
        }
        throw new IllegalArgumentException(message.toString());
    }

    /** The idempotent producer: string keys, byte values. */
    static Map<String, Object> producer(KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        config.putAll(properties.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** A consumer of {@code group} that commits by hand and starts a new group at the earliest record. */
    static Map<String, Object> consumer(KafkaProperties properties, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                Math.min(3_000, properties.sessionTimeout().toMillis() / 3));
        config.putAll(properties.properties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                properties.maxPollInterval().toMillis());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** The admin client that creates topics. */
    static Map<String, Object> admin(KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.properties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        return config;
    }
}
