package io.jobstream.messaging;

import io.jobstream.intake.IncomingSubmission;
import io.jobstream.intake.SubmissionSource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The submissions topic, read by one consumer group shared by every instance. A record set
 * aside goes to the dead-letter topic as it was ({@link DeadLetteringTopic}).
 */
@Component
class KafkaSubmissions implements SubmissionSource {

    private final DeadLetteringTopic topic;
    private final KafkaProperties properties;

    KafkaSubmissions(DeadLetteringTopic topic, KafkaProperties properties) {
        this.topic = topic;
        this.properties = properties;
    }

    @Override
    public Flux<IncomingSubmission> receive() {
        return topic.receive(
                properties.intakeGroup(),
                properties.submissionsTopic(),
                properties.deadLetterTopic(),
                IncomingSubmission::new);
    }
}
