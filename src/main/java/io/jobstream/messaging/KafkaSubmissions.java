package io.jobstream.messaging;

import io.jobstream.intake.IncomingSubmission;
import io.jobstream.intake.SubmissionSource;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.SenderRecord;

/**
 * The submissions topic, read by one consumer group shared by every instance. A record set
 * aside goes to the dead-letter topic as it was (key and value), with headers
 * {@code jobstream-dlt-reason} and {@code jobstream-dlt-origin} (topic-partition@offset).
 */
@Component
class KafkaSubmissions implements SubmissionSource {

    static final String REASON_HEADER = "jobstream-dlt-reason";
    static final String ORIGIN_HEADER = "jobstream-dlt-origin";

    private final KafkaClients kafka;
    private final KafkaProperties properties;

    KafkaSubmissions(KafkaClients kafka, KafkaProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public Flux<IncomingSubmission> receive() {
        return kafka.ensureTopics()
                .thenMany(Flux.defer(() -> KafkaReceiver.create(
                                kafka.receiver(properties.intakeGroup(), properties.submissionsTopic()))
                        .receive()))
                .map(this::toSubmission);
    }

    private IncomingSubmission toSubmission(ReceiverRecord<String, byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        return new IncomingSubmission(
                record.value(),
                record.key(),
                origin,
                record.receiverOffset()::acknowledge,
                reason -> deadLetter(record, origin, reason));
    }

    private Mono<Void> deadLetter(ReceiverRecord<String, byte[]> record, String origin, String reason) {
        var letter = new ProducerRecord<>(properties.deadLetterTopic(), record.key(), record.value());
        letter.headers()
                .add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        return kafka.send(Mono.just(SenderRecord.create(letter, origin)));
    }
}
