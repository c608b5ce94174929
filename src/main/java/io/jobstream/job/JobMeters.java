package io.jobstream.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Jobs submitted, completed and failed, and how long they ran, per type: counted where the
 * store says a job was stored or finished, so every door (REST, batches, Kafka, imports,
 * reruns) and every worker (this service's, external ones) is counted once. Types are few
 * (those deployed and registered): a tag each stays cheap.
 */
@Component
class JobMeters {

    static final String SUBMITTED = "jobstream.jobs.submitted";
    static final String COMPLETED = "jobstream.jobs.completed";
    static final String FAILED = "jobstream.jobs.failed";
    static final String DURATION = "jobstream.jobs.duration";

    private final MeterRegistry meters;

    JobMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void submitted(Job job) {
        count(SUBMITTED, "Jobs stored, by type", job.type());
    }

    void completed(String type, @Nullable Instant startedAt, @Nullable Instant completedAt) {
        count(COMPLETED, "Jobs completed, by type", type);
        ran(type, JobStatus.COMPLETED, startedAt, completedAt);
    }

    void failed(Job job) {
        count(FAILED, "Jobs failed for good (no retry left), by type", job.type());
        ran(job.type(), JobStatus.FAILED, job.startedAt(), job.completedAt());
    }

    private void count(String name, String description, String type) {
        Counter.builder(name)
                .description(description)
                .tag("type", type)
                .register(meters)
                .increment();
    }

    /** From the first start to the end: retries, backoffs and requeues included, as its user waited. */
    private void ran(String type, JobStatus outcome, @Nullable Instant startedAt, @Nullable Instant completedAt) {
        if (startedAt == null || completedAt == null) {
            return;
        }
        Timer.builder(DURATION)
                .description("How long finished jobs ran, from their first start to their end")
                .tag("type", type)
                .tag("outcome", outcome.wireName())
                .register(meters)
                .record(Duration.between(startedAt, completedAt));
    }
}
