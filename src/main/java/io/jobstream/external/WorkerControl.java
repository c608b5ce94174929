package io.jobstream.external;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What jobstream tells Kafka workers, who cannot be answered: on one control topic keyed by
 * job id, a job was cancelled, or a report was refused because its claim token no longer
 * holds the job. The messaging package implements it.
 */
public interface WorkerControl {

    /** {@code {"type": "cancel", "job_id": …}}: the worker holding the job should stop. */
    Mono<Void> cancel(UUID jobId);

    /**
     * {@code {"type": "rejected", "job_id": …, "claim_token": …, "report": …, "reason": …}}:
     * a report with a stale token changed nothing; the worker holding that token should stop.
     */
    Mono<Void> rejected(UUID jobId, String claimToken, String report, String reason);
}
