package io.jobstream.messaging;

import io.jobstream.dispatch.JobStart;
import io.jobstream.dispatch.StartCommand;
import io.jobstream.dispatch.StartCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Start commands over Kafka: {@code {"job_id": "..."}} keyed by job id on the commands topic,
 * with the job's trace context in a {@code traceparent} header, consumed by one consumer group
 * shared by every instance.
 */
@Component
class KafkaStartCommands implements StartCommands {

    private static final Logger log = LoggerFactory.getLogger(KafkaStartCommands.class);

    private final KafkaClients kafka;
    private final KafkaProperties properties;
    private final JsonMapper json;

    KafkaStartCommands(KafkaClients kafka, KafkaProperties properties, JsonMapper json) {
        this.kafka = kafka;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Mono<Void> publish(List<JobStart> starts) {
        return kafka.send(Flux.fromIterable(starts).map(this::toRecord));
    }

    private SenderRecord<String, byte[], UUID> toRecord(JobStart start) {
        byte[] value = json.writeValueAsBytes(new CommandRecord(start.jobId()));
        var record =
                new ProducerRecord<>(properties.commandsTopic(), start.jobId().toString(), value);
        TraceHeaders.add(record.headers(), start.traceparent());
        return SenderRecord.create(record, start.jobId());
    }

    @Override
    public Flux<StartCommand> receive() {
        return kafka.ensureTopics()
                .thenMany(Flux.defer(
                        () -> KafkaReceiver.create(commandsReceiver()).receive()))
                .handle(this::toCommand);
    }

    /**
     * A rebalance does not wait for the commands this instance has fetched but not yet handled.
     * reactor-kafka 1.3 would, up to a minute (its {@code maxDelayRebalance}): with deferred
     * commits it counts every fetched record as in the pipeline until acknowledged, and a full
     * worker leaves a poll's worth (up to {@code max.poll.records}) waiting for free slots, so the
     * whole group, and with it a dead instance's partitions, would wait for its jobs to end.
     * The new owner of a partition gets those commands again; claims are conditional, so a job
     * that both instances see starts once.
     */
    private ReceiverOptions<String, byte[]> commandsReceiver() {
        return kafka.receiver(properties.workerGroup(), properties.commandsTopic())
                .maxDelayRebalance(Duration.ZERO);
    }

    private void toCommand(ReceiverRecord<String, byte[]> record, SynchronousSink<StartCommand> sink) {
        CommandRecord command = read(record.value());
        if (command == null || command.jobId() == null) {
            log.warn(
                    "Skipping unreadable start command at {}-{}@{}",
                    record.topic(),
                    record.partition(),
                    record.offset());
            record.receiverOffset().acknowledge();
            return;
        }
        sink.next(new StartCommand(
                command.jobId(), TraceHeaders.traceparent(record.headers()), record.receiverOffset()::acknowledge));
    }

    private @Nullable CommandRecord read(byte @Nullable [] value) {
        try {
            return value == null ? null : json.readValue(value, CommandRecord.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The record's JSON value. */
    record CommandRecord(@Nullable UUID jobId) {}
}
