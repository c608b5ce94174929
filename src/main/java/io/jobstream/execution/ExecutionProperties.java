package io.jobstream.execution;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.execution.*}: how this instance runs jobs.
 *
 * @param maxConcurrentJobs jobs this instance runs at once; when full it stops taking commands
 * @param lease how long a claim holds a job for this instance; renewed every third of it while the job runs
 *     (all of an instance's jobs on one beat, renewed together), so a live instance keeps its jobs through a
 *     stall of two thirds of it. With {@code reaper-interval}, the longest a dead instance's running job waits
 *     before another instance takes it: {@code lease + reaper-interval}, 12 s with the defaults
 * @param reaperInterval how often this instance looks for jobs whose instance died
 * @param instanceId the name this instance claims jobs under; unique per process (default: random)
 */
@Validated
@ConfigurationProperties("jobstream.execution")
record ExecutionProperties(
        @DefaultValue("128") @Min(1) @Max(10_000) int maxConcurrentJobs,
        @DefaultValue("10s") Duration lease,
        @DefaultValue("2s") Duration reaperInterval,
        @Nullable String instanceId) {

    ExecutionProperties {
        if (lease.compareTo(Duration.ofMillis(300)) < 0 || !reaperInterval.isPositive()) {
            throw new IllegalArgumentException("jobstream.execution.lease must be at least 300ms and "
                    + "jobstream.execution.reaper-interval positive; were " + lease + ", " + reaperInterval);
        }
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "jobstream-" + UUID.randomUUID();
        }
    }

    /** How often the leases of running jobs are renewed: a stall of two thirds of the lease loses none. */
    Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
