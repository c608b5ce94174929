package io.jobstream.execution;

import io.jobstream.job.JobRuns;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds jobs whose instance died (their lease expired unrenewed) and puts them back in the
 * queue, undispatched, so that the relay hands them to a live instance, which resumes each
 * from its last checkpoint. Every instance runs one; the conditional UPDATE lets only one
 * requeue a given job. No job stays in {@code processing} forever.
 */
@Component
class LeaseReaper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final JobRuns runs;
    private final ExecutionProperties properties;
    private volatile @Nullable Disposable reaping;

    LeaseReaper(JobRuns runs, ExecutionProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    @Override
    public void start() {
        reaping = Flux.interval(properties.reaperInterval())
                .onBackpressureDrop()
                .concatMap(tick -> reap())
                .subscribe();
    }

    private Mono<Long> reap() {
        return runs.requeueExpired()
                .doOnNext(job -> log.warn("Job {} requeued: the lease of the instance that ran it expired", job.id()))
                .count()
                .onErrorResume(error -> {
                    log.warn("Could not requeue expired jobs: {}", error.toString());
                    return Mono.just(0L);
                });
    }

    @Override
    public void stop() {
        Disposable current = reaping;
        if (current != null) {
            current.dispose();
        }
        reaping = null;
    }

    @Override
    public boolean isRunning() {
        return reaping != null;
    }
}
