package io.jobstream.messaging;

import io.jobstream.external.IncomingReport;
import io.jobstream.external.WorkerReportSource;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.SenderRecord;

/**
 * The reports topic of Kafka workers, read by one consumer group shared by every instance.
 * A malformed report goes to the reports' dead-letter topic as it was (key and value), with
 * the headers of the submissions' dead letters: {@code jobstream-dlt-reason} and
 * {@code jobstream-dlt-origin} (topic-partition@offset).
 */
@Component
class KafkaWorkerReports implements WorkerReportSource {

    private final KafkaClients kafka;
    private final KafkaProperties properties;

    KafkaWorkerReports(KafkaClients kafka, KafkaProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public Flux<IncomingReport> receive() {
        return kafka.ensureTopics()
                .thenMany(Flux.defer(() -> KafkaReceiver.create(
                                kafka.receiver(properties.workerReportsGroup(), properties.workerReportsTopic()))
                        .receive()))
                .map(this::toReport);
    }

    private IncomingReport toReport(ReceiverRecord<String, byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        return new IncomingReport(
                record.value(),
                record.key(),
                origin,
                record.receiverOffset()::acknowledge,
                reason -> deadLetter(record, origin, reason));
    }

    private Mono<Void> deadLetter(ReceiverRecord<String, byte[]> record, String origin, String reason) {
        var letter = new ProducerRecord<>(properties.workerReportsDeadLetterTopic(), record.key(), record.value());
        letter.headers()
                .add(KafkaSubmissions.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(KafkaSubmissions.ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        return kafka.send(Mono.just(SenderRecord.create(letter, origin)));
    }
}
