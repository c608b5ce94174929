package io.jobstream.execution;

import static io.jobstream.system.JobLogFields.about;

import io.jobstream.job.JobRuns;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds jobs whose instance or external worker died (their lease expired unrenewed) and puts
 * them back in the queue, undispatched, so that the relay hands them to a live instance (or
 * the next worker's claim takes them), which resumes each from its last checkpoint. Every
 * instance runs one; the conditional UPDATE lets only one requeue a given job. No job stays in
 * {@code processing} forever.
 */
@Component
class LeaseReaper extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final JobRuns runs;

    LeaseReaper(JobRuns runs, ExecutionProperties properties, BackgroundWorkProperties background) {
        super("Requeueing jobs of dead instances", properties.reaperInterval(), background.enabled());
        this.runs = runs;
    }

    @Override
    protected Mono<Long> runOnce() {
        return runs.requeueExpired()
                .doOnNext(job -> about(log.atWarn(), job.id(), job.owner())
                        .log("Job {} requeued: the lease of the instance or worker that ran it expired", job.id()))
                .count();
    }
}
