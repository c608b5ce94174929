package io.jobstream.messaging;

import io.jobstream.external.IncomingReport;
import io.jobstream.external.WorkerReportSource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The reports topic of Kafka workers, read by one consumer group shared by every instance.
 * A malformed report goes to the reports' dead-letter topic as it was, with the headers of
 * the submissions' dead letters ({@link DeadLetteringTopic}).
 */
@Component
class KafkaWorkerReports implements WorkerReportSource {

    private final DeadLetteringTopic topic;
    private final KafkaProperties properties;

    KafkaWorkerReports(DeadLetteringTopic topic, KafkaProperties properties) {
        this.topic = topic;
        this.properties = properties;
    }

    @Override
    public Flux<IncomingReport> receive() {
        return topic.receive(
                properties.workerReportsGroup(),
                properties.workerReportsTopic(),
                properties.workerReportsDeadLetterTopic(),
                (value, key, origin, acknowledgement, deadLetters, traceparent) ->
                        new IncomingReport(value, key, origin, acknowledgement, deadLetters));
    }
}
