package io.jobstream.execution;

import io.jobstream.dispatch.StartCommand;
import io.jobstream.dispatch.StartCommands;
import io.jobstream.job.Job;
import io.jobstream.job.JobRuns;
import io.jobstream.progress.JobEventNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * This instance's worker: takes start commands, claims each job with one conditional
 * UPDATE, and runs at most {@code max-concurrent-jobs} at once. When full it stops
 * requesting commands, so the channel pauses instead of buffering. Started and stopped
 * with the application.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final StartCommands commands;
    private final JobRuns runs;
    private final JobExecutor executor;
    private final ExecutionProperties properties;
    private final JobEventNotifications notifications;
    private final AtomicInteger running = new AtomicInteger();
    private volatile @Nullable Disposable subscription;

    JobWorker(StartCommands commands, JobRuns runs, JobExecutor executor, ExecutionProperties properties,
            JobEventNotifications notifications, MeterRegistry meters) {
        this.notifications = notifications;
        Gauge.builder("jobstream.jobs.running", running, AtomicInteger::get)
                .description("Jobs this instance is running now")
                .register(meters);
        this.commands = commands;
        this.runs = runs;
        this.executor = executor;
        this.properties = properties;
    }

    @Override
    public void start() {
        subscription = commands.receive()
                // The worker lives as long as the application: a broken connection to the
                // channel is reopened for ever, with backoff capped at 30 s. Retrying here,
                // before flatMap, leaves the jobs that are running untouched.
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .transientErrors(true)
                        .doBeforeRetry(signal -> log.warn("Start commands interrupted, resubscribing: {}",
                                signal.failure().toString())))
                .flatMap(this::handle, properties.maxConcurrentJobs())
                .subscribe();
        log.info("Worker {} takes up to {} jobs at once", properties.instanceId(), properties.maxConcurrentJobs());
    }

    /**
     * The command is acknowledged once the claim is decided (won, or not claimable); the job
     * row carries the job from there. A claim that errors is not acknowledged, so the
     * command comes again after a restart or a rebalance.
     */
    private Mono<Void> handle(StartCommand command) {
        return Mono.defer(() -> runs.claim(command.jobId(), properties.instanceId(), properties.lease()))
                .doOnSuccess(claimed -> command.acknowledge())
                .flatMap(this::executeUntilCancelled)
                .onErrorResume(error -> logFailure(command, error));
    }

    /** A cancel from any instance disposes the stage pipeline: the stage in flight stops, no later one runs. */
    private Mono<Void> executeUntilCancelled(Job job) {
        return executor.execute(job)
                .takeUntilOther(notifications.cancellation(job.id()))
                .doOnSubscribe(subscription -> running.incrementAndGet())
                .doFinally(signal -> running.decrementAndGet());
    }

    private static Mono<Void> logFailure(StartCommand command, Throwable error) {
        log.error("Could not run job {}", command.jobId(), error);
        return Mono.empty();
    }

    @Override
    public void stop() {
        Disposable current = subscription;
        if (current != null) {
            current.dispose();
        }
        subscription = null;
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
