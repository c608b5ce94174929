package io.jobstream.execution;

import static io.jobstream.system.JobLogFields.about;

import io.jobstream.dispatch.StartCommand;
import io.jobstream.dispatch.StartCommands;
import io.jobstream.job.Attempt;
import io.jobstream.job.Job;
import io.jobstream.job.JobRuns;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.Reconnect;
import io.jobstream.system.Traces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * This instance's worker: takes start commands, claims each job with one conditional
 * UPDATE, and runs at most {@code max-concurrent-jobs} at once. When full it stops
 * requesting commands, so the channel pauses instead of buffering. Started and stopped
 * with the application.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration HAND_BACK_TIMEOUT = Duration.ofSeconds(10);

    private final StartCommands commands;
    private final JobRuns runs;
    private final JobExecutor executor;
    private final ExecutionProperties properties;
    private final JobEventNotifications notifications;
    private final Traces traces;
    private final AtomicInteger running = new AtomicInteger();
    /**
     * One beat for the leases of every job this instance runs: they are renewed together, in a
     * few statements per beat (the first ones alone, the rest as one) instead of one per job.
     * Runs while any job does.
     */
    private final Flux<Long> leaseBeat;

    private final boolean autoStartup;
    private volatile @Nullable Disposable subscription;

    JobWorker(
            StartCommands commands,
            JobRuns runs,
            JobExecutor executor,
            ExecutionProperties properties,
            JobEventNotifications notifications,
            MeterRegistry meters,
            Traces traces,
            BackgroundWorkProperties background) {
        this.autoStartup = background.enabled();
        this.traces = traces;
        this.notifications = notifications;
        Gauge.builder("jobstream.jobs.running", running, AtomicInteger::get)
                .description("Jobs this instance is running now")
                .register(meters);
        this.commands = commands;
        this.runs = runs;
        this.executor = executor;
        this.properties = properties;
        Duration every = properties.renewEvery();
        this.leaseBeat = Flux.interval(every, every).onBackpressureDrop().share();
    }

    @Override
    public void start() {
        subscription = commands.receive()
                // The worker lives as long as the application: a broken connection to the
                // channel is reopened for ever, with backoff capped at 30 s. Retrying here,
                // before flatMap, leaves the jobs that are running untouched.
                .retryWhen(Reconnect.forever(log, "Start commands", Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .flatMap(this::handle, properties.maxConcurrentJobs())
                .subscribe();
        log.info("Worker {} takes up to {} jobs at once", properties.instanceId(), properties.maxConcurrentJobs());
    }

    /**
     * The command is acknowledged once the claim is decided, whatever the outcome: the job
     * row carries the job from there. A claim that fails (the database is away) leaves the
     * job queued and dispatched; the relay publishes it again after {@code redispatch-after}.
     * (An unacknowledged command would hold back every later commit of its partition.)
     */
    private Mono<Void> handle(StartCommand command) {
        return traces.continued(command.traceparent(), "jobstream job", Span.Kind.CONSUMER, claimAndRun(command));
    }

    /** In the job's trace, continued from its start command: the worker's span, and the trace ids in its logs. */
    private Mono<Void> claimAndRun(StartCommand command) {
        return Mono.defer(() -> runs.claim(command.jobId(), properties.instanceId(), properties.lease()))
                .doFinally(signal -> command.acknowledge())
                .flatMap(job -> Mono.deferContextual(context -> running(context, job)))
                .onErrorResume(error -> logFailure(command, error));
    }

    private Mono<Void> running(ContextView context, Job job) {
        traces.inScope(
                context,
                () -> about(log.atDebug(), job.id(), job.owner())
                        .log("Running job {} ({}), attempt {}", job.id(), job.type(), job.attempts()));
        return executeUntilCancelled(job);
    }

    /**
     * Runs the job while this instance holds it: a cancel from any instance, or a lease that
     * can no longer be renewed, disposes the stage pipeline (the stage in flight stops, no
     * later one runs).
     */
    private Mono<Void> executeUntilCancelled(Job job) {
        return executor.execute(job)
                .takeUntilOther(Mono.firstWithSignal(notifications.cancellation(job.id()), leaseLost(job)))
                .doOnSubscribe(subscription -> running.incrementAndGet())
                .doFinally(signal -> running.decrementAndGet());
    }

    /**
     * Renews the lease on every beat (a third of its length); completes when it could not be
     * renewed. A beat that comes while the last renewal is still on its way is skipped.
     */
    private Mono<Void> leaseLost(Job job) {
        Attempt attempt = Attempt.of(job, properties.instanceId());
        return leaseBeat
                .onBackpressureDrop()
                .concatMap(
                        tick -> runs.renewLeaseTogether(attempt, properties.lease())
                                .onErrorResume(error -> renewalFailed(job, error)),
                        1)
                .filter(renewed -> !renewed)
                .next()
                .then();
    }

    /** A database hiccup is not a lost lease: the next renewal tries again, well before it expires. */
    private static Mono<Boolean> renewalFailed(Job job, Throwable error) {
        about(log.atWarn(), job.id(), job.owner())
                .log("Could not renew the lease of job {}: {}", job.id(), error.toString());
        return Mono.just(true);
    }

    private static Mono<Void> logFailure(StartCommand command, Throwable error) {
        // the claim did not say whose job it is: no owner on this line
        about(log.atError(), command.jobId(), null).setCause(error).log("Could not run job {}", command.jobId());
        return Mono.empty();
    }

    /**
     * Stops taking commands, stops the jobs in flight and hands them back to the queue, from
     * where the relay sends them to another instance, which resumes each from its last
     * checkpoint. Waiting here is fine: this is the application's shutdown, not a request.
     */
    @Override
    public void stop() {
        Disposable current = subscription;
        subscription = null;
        if (current == null) {
            return;
        }
        current.dispose();
        Long released = runs.release(properties.instanceId())
                .count()
                .timeout(HAND_BACK_TIMEOUT)
                .onErrorResume(error -> {
                    log.warn(
                            "Could not hand back the jobs of {}; their leases will expire: {}",
                            properties.instanceId(),
                            error.toString());
                    return Mono.just(0L);
                })
                .block();
        log.info("Worker {} stopped and handed back {} job(s)", properties.instanceId(), released);
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
