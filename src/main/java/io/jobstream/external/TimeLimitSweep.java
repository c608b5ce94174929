package io.jobstream.external;

import static io.jobstream.system.JobLogFields.about;

import io.jobstream.job.ExternalRuns;
import io.jobstream.job.ExternalRuns.Overdue;
import io.jobstream.job.ExternalRuns.TimeLimits;
import io.jobstream.job.JobRuns;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Holds external jobs to their type's time limits, which no timer of this service's runs for
 * them: a job whose attempt has run longer than {@code job_timeout}, or whose current stage
 * (since the claim or its last completed stage) longer than {@code stage_timeout}, fails with
 * {@code TIMEOUT} (retryable, as for built-in types), even while its worker keeps
 * heartbeating. The worker learns of it at its next call (409). Every instance sweeps; the
 * write is conditional on the attempt, so only one ends a given attempt.
 */
@Component
class TimeLimitSweep extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(TimeLimitSweep.class);
    /** Ends of attempts at once, at most: a sweep after an outage does not flood the pool. */
    private static final int CONCURRENCY = 8;

    private final ExternalRuns externalRuns;
    private final JobRuns runs;
    private final JobTypeRegistry registry;

    TimeLimitSweep(
            ExternalRuns externalRuns,
            JobRuns runs,
            JobTypeRegistry registry,
            ExternalProperties properties,
            BackgroundWorkProperties background) {
        super("Holding external jobs to their time limits", properties.timeLimitSweep(), background.enabled());
        this.externalRuns = externalRuns;
        this.runs = runs;
        this.registry = registry;
    }

    @Override
    protected Mono<Long> runOnce() {
        Map<String, TimeLimits> limits = registry.all().stream()
                .collect(Collectors.toMap(
                        ExternalJobType::name,
                        type -> new TimeLimits(
                                type.jobTimeout(type.payloadSchema()), type.stageTimeout(type.payloadSchema()))));
        return externalRuns.overdue(limits).flatMap(this::timeOut, CONCURRENCY).count();
    }

    private Mono<Boolean> timeOut(Overdue overdue) {
        var job = overdue.run().job();
        var type = registry.find(job.type());
        if (type.isEmpty()) {
            return Mono.just(false);
        }
        TimeLimits limits =
                new TimeLimits(type.get().jobTimeout(job.payload()), type.get().stageTimeout(job.payload()));
        Duration limit = overdue.jobLimit() ? limits.job() : limits.stage();
        String what = overdue.jobLimit() ? "the job" : "a stage";
        var failure = new JobFailure(
                ErrorCode.TIMEOUT, what + " took longer than its limit of " + limit.toMillis() + " ms", true);
        about(log.atInfo(), job.id(), job.owner())
                .log("External job {} ({}) timed out: {}", job.id(), job.type(), failure.getMessage());
        return runs.failOrRetry(
                        overdue.run()
                                .attempt(Objects.requireNonNull(overdue.run().tokenHash())),
                        job.retryCount(),
                        type.get().retryPolicy(job.payload()),
                        failure)
                .hasElement();
    }
}
