package io.jobstream.messaging;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.SenderRecord;

/**
 * A topic read by one consumer group shared by every instance, whose records a reader may set
 * aside: a record set aside goes to its dead-letter topic as it was (key and value), with
 * headers {@value #REASON_HEADER} and {@value #ORIGIN_HEADER} (topic-partition@offset). The
 * submissions topic and the reports of Kafka workers are read this way.
 */
@Component
class DeadLetteringTopic {

    static final String REASON_HEADER = "jobstream-dlt-reason";
    static final String ORIGIN_HEADER = "jobstream-dlt-origin";

    /** How a reader's port sees one record: its value, key, origin, how to settle it, and its trace context. */
    interface Incoming<R> {
        R of(
                byte @Nullable [] value,
                @Nullable String key,
                String origin,
                Runnable acknowledgement,
                Function<String, Mono<Void>> deadLetters,
                @Nullable String traceparent);
    }

    private final KafkaClients kafka;

    DeadLetteringTopic(KafkaClients kafka) {
        this.kafka = kafka;
    }

    /** The records of {@code topic} for consumer group {@code group}, each as {@code incoming} makes it. */
    <R> Flux<R> receive(String group, String topic, String deadLetterTopic, Incoming<R> incoming) {
        return kafka.ensureTopics()
                .thenMany(Flux.defer(
                        () -> KafkaReceiver.create(kafka.receiver(group, topic)).receive()))
                .map(record -> settled(record, deadLetterTopic, incoming));
    }

    private <R> R settled(ReceiverRecord<String, byte[]> record, String deadLetterTopic, Incoming<R> incoming) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        return incoming.of(
                record.value(),
                record.key(),
                origin,
                record.receiverOffset()::acknowledge,
                reason -> deadLetter(record, deadLetterTopic, origin, reason),
                TraceHeaders.traceparent(record.headers()));
    }

    private Mono<Void> deadLetter(
            ReceiverRecord<String, byte[]> record, String deadLetterTopic, String origin, String reason) {
        var letter = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        letter.headers()
                .add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        return kafka.send(Mono.just(SenderRecord.create(letter, origin)));
    }
}
