package io.jobstream.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.retention.*}: how long finished jobs and uploaded files are kept. A window
 * of {@code 0} keeps that kind for ever.
 *
 * @param enabled false: this instance never deletes anything (the others may: set it on all)
 * @param completed how long after it finished a completed job is deleted, with its events, log,
 *     webhook deliveries, documents, chunks and artifacts (and their bytes in storage)
 * @param failed the same for failed jobs
 * @param cancelled the same for cancelled jobs
 * @param files how long after its upload a file is deleted once no job (of any status, still
 *     kept) names it in its payload
 * @param interval how often a round starts; one instance of the cluster runs it at a time
 * @param batchSize jobs (or files) deleted per transaction: short transactions that hold their
 *     locks for moments
 * @param pause the least wait between two full batches
 * @param busyShare the largest share of the time a round spends deleting while a backlog goes:
 *     after each full batch it waits so long that deleting takes at most this share of the
 *     time (0.1: a batch that took 200 ms is followed by a wait of 1.8 s), which leaves the
 *     database to the requests and workers; 1 waits only {@code pause}
 */
@Validated
@ConfigurationProperties("jobstream.retention")
record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("7d") Duration completed,
        @DefaultValue("30d") Duration failed,
        @DefaultValue("7d") Duration cancelled,
        @DefaultValue("7d") Duration files,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("100ms") Duration pause,
        @DefaultValue("0.1") double busyShare) {

    RetentionProperties {
        if (completed.isNegative() || failed.isNegative() || cancelled.isNegative() || files.isNegative()) {
            throw new IllegalArgumentException(
                    "jobstream.retention windows must not be negative (0 keeps that kind for ever)");
        }
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("jobstream.retention.interval must be positive");
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("jobstream.retention.pause must not be negative");
        }
        if (!(busyShare > 0 && busyShare <= 1)) {
            throw new IllegalArgumentException(
                    "jobstream.retention.busy-share must be more than 0 and at most 1; was " + busyShare);
        }
    }

    /** The wait after a full batch whose deleting took {@code took}: {@link #busyShare}, and at least {@link #pause}. */
    Duration restAfter(Duration took) {
        Duration rest = Duration.ofNanos((long) (took.toNanos() * (1 - busyShare) / busyShare));
        return rest.compareTo(pause) > 0 ? rest : pause;
    }

    /** Whether anything is ever deleted. */
    boolean deletesAnything() {
        return enabled && !(completed.isZero() && failed.isZero() && cancelled.isZero() && files.isZero());
    }
}
