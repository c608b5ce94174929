package io.jobstream.job;

import io.jobstream.system.PeriodicWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The queue's depth and the wait of its oldest due job, cluster-wide: read every
 * {@code jobstream.metrics.queue-interval} by one statement, so that a scrape reads two
 * numbers and never waits for the database (nor makes a query per scrape). Every instance
 * shows the same values: aggregate them with {@code max}, not {@code sum}.
 */
@Component
class QueueMeters extends PeriodicWork {

    static final String DEPTH = "jobstream.jobs.queue.depth";
    static final String OLDEST = "jobstream.jobs.queue.oldest";

    private final QueueRepository queue;
    private volatile QueueRepository.QueueState last = new QueueRepository.QueueState(0, 0);

    /** Also on instances without background work: an API-only instance's scrape must not show an empty queue. */
    QueueMeters(QueueRepository queue, QueueMetricsProperties properties, MeterRegistry meters) {
        super("Reading the queue's gauges", properties.queueInterval());
        this.queue = queue;
        Gauge.builder(DEPTH, this, gauges -> gauges.last.depth())
                .description("Jobs waiting to run, queued or retrying (scheduled ones too), on every instance")
                .register(meters);
        TimeGauge.builder(OLDEST, this, TimeUnit.SECONDS, gauges -> gauges.last.oldestSeconds())
                .description("How long the job that has been due longest has waited to start; 0 when none waits")
                .register(meters);
    }

    @Override
    protected Mono<?> runOnce() {
        return queue.state().doOnNext(state -> last = state);
    }
}
