package io.jobstream.intake;

import reactor.core.publisher.Flux;

/**
 * Submissions that producers write to a topic, for this instance, as long as it is
 * subscribed; demand bounds how many are in flight. The messaging package implements it
 * over Kafka.
 */
public interface SubmissionSource {

    Flux<IncomingSubmission> receive();
}
