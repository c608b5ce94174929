package io.jobstream.external;

import reactor.core.publisher.Flux;

/**
 * The reports topic of Kafka workers, for this instance, as long as it is subscribed (one
 * consumer group shared by every instance); demand bounds how many are in flight. The
 * messaging package implements it.
 */
public interface WorkerReportSource {

    Flux<IncomingReport> receive();
}
