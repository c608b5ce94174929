package io.jobstream.messaging;

import io.jobstream.dispatch.StartCommand;
import io.jobstream.dispatch.StartCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Start commands over Kafka: {@code {"job_id": "..."}} keyed by job id on the commands topic,
 * consumed by one consumer group shared by every instance. Offsets are committed only for
 * acknowledged records; acknowledgements may come out of order (jobs finish in any order),
 * which reactor-kafka's deferred commits turn into in-order commits.
 */
@Component
class KafkaStartCommands implements StartCommands, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaStartCommands.class);
    /** Kafka down must not hold a submit for long: the job is stored, and stays in the outbox. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(6);

    private final KafkaProperties properties;
    private final JsonMapper json;
    private final KafkaSender<String, String> sender;

    KafkaStartCommands(KafkaProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.sender = KafkaSender.create(SenderOptions.create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    @Override
    public Mono<Void> publish(List<UUID> jobIds) {
        // stopOnError (the default): a failed send fails the whole publish
        return sender.send(Flux.fromIterable(jobIds).map(this::toRecord))
                .timeout(SEND_TIMEOUT)
                .then();
    }

    private SenderRecord<String, String, UUID> toRecord(UUID jobId) {
        String value = json.writeValueAsString(new CommandRecord(jobId));
        return SenderRecord.create(new ProducerRecord<>(properties.commandsTopic(), jobId.toString(), value), jobId);
    }

    @Override
    public Flux<StartCommand> receive() {
        ReceiverOptions<String, String> options = ReceiverOptions.<String, String>create(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, properties.workerGroup(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))
                .subscription(List.of(properties.commandsTopic()))
                .commitInterval(Duration.ofMillis(200))
                .maxDeferredCommits(1000);
        return ensureTopics()
                .thenMany(Flux.defer(() -> KafkaReceiver.create(options).receive()))
                .handle(this::toCommand);
    }

    private void toCommand(ReceiverRecord<String, String> record, SynchronousSink<StartCommand> sink) {
        CommandRecord command = read(record.value());
        if (command == null || command.jobId() == null) {
            log.warn("Skipping unreadable start command at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            record.receiverOffset().acknowledge();
            return;
        }
        sink.next(new StartCommand(command.jobId(), record.receiverOffset()::acknowledge));
    }

    private @Nullable CommandRecord read(@Nullable String value) {
        try {
            return value == null ? null : json.readValue(value, CommandRecord.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Creates the topics once per subscription; a blocking admin call, so off the event loops. */
    private Mono<Void> ensureTopics() {
        return Mono.<Void>fromRunnable(this::createTopics)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers()))) {
            NewTopic commands = new NewTopic(properties.commandsTopic(), properties.partitions(),
                    properties.replicationFactor());
            admin.createTopics(List.of(commands)).all().get(30, TimeUnit.SECONDS);
            log.info("Created Kafka topic {} with {} partitions", commands.name(), commands.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Kafka topics", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating topics", e);
        }
    }

    @Override
    public void destroy() {
        sender.close();
    }

    /** The record's JSON value. */
    record CommandRecord(@Nullable UUID jobId) {}
}
