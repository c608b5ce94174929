package io.jobstream.external;

import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.ConflictException;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import io.jobstream.system.Reconnect;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the reports of Kafka workers through {@link WorkReports}, the service the HTTP
 * transport calls, as the configured Kafka worker ({@code jobstream.external.kafka-worker},
 * which may work every type delivered over Kafka). Each record is settled, then committed:
 *
 * <ul>
 *   <li>applied: acknowledged. Delivery is at least once (a record applied just before a
 *       crash is applied again); that is harmless: progress, logs and a stage's output are
 *       written again, and a second {@code complete} or {@code fail} finds the attempt over
 *       and is refused like any stale report;
 *   <li>a stale claim token (a {@link ConflictException}): changed nothing; logged at debug,
 *       answered with a {@code rejected} record on the control topic so the worker can stop;
 *   <li>malformed, or refused by the service as invalid or naming a job the Kafka worker may
 *       not see: set aside on the dead-letter topic with the reason; the intake goes on;
 *   <li>anything else (the database is away): tried again in place; if it still fails, the
 *       consumer restarts from the last commit rather than skip the record.
 * </ul>
 *
 * Records with the same key (a job's id) are applied one after the other, in the order of
 * the topic, so a worker's reports on one job are applied in the order it sent them; records
 * of different jobs are applied side by side in {@code LANES} lanes (by key), and their
 * acknowledgements, out of order, are committed in order by the consumer.
 */
@Component
class WorkerReportIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerReportIntake.class);
    /** Reports applied at once, at most: each lane applies its keys' reports in order. */
    private static final int LANES = 16;

    private final WorkerReportSource source;
    private final WorkReports reports;
    private final WorkerControl control;
    private final JobTypeRegistry registry;
    private final ExternalProperties properties;
    private final JsonMapper json;
    private final boolean autoStartup;
    private volatile @Nullable Disposable intake;

    WorkerReportIntake(
            WorkerReportSource source,
            WorkReports reports,
            WorkerControl control,
            JobTypeRegistry registry,
            ExternalProperties properties,
            JsonMapper json,
            BackgroundWorkProperties background) {
        this.source = source;
        this.reports = reports;
        this.control = control;
        this.registry = registry;
        this.properties = properties;
        this.json = json;
        this.autoStartup = background.enabled();
    }

    @Override
    public void start() {
        intake = source.receive()
                .groupBy(report -> Math.floorMod(Objects.hashCode(report.key()), LANES))
                .flatMap(lane -> lane.concatMap(this::handle), LANES)
                .retryWhen(
                        Reconnect.forever(log, "Worker report intake", Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .subscribe();
    }

    private Mono<Void> handle(IncomingReport incoming) {
        WorkerReport report;
        try {
            report = WorkerReport.read(json, incoming.value());
        } catch (InvalidInputException invalid) {
            return deadLetter(incoming, invalid.getMessage());
        }
        return Mono.defer(() -> apply(report))
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)).filter(error -> !settled(error)))
                .then(Mono.fromRunnable(incoming::acknowledge))
                .onErrorResume(ConflictException.class, stale -> rejected(incoming, report, stale.getMessage()))
                .onErrorResume(InvalidInputException.class, invalid -> deadLetter(incoming, invalid.getMessage()))
                .onErrorResume(NotFoundException.class, missing -> deadLetter(incoming, missing.getMessage()))
                .then();
    }

    private static boolean settled(Throwable error) {
        return error instanceof ConflictException
                || error instanceof InvalidInputException
                || error instanceof NotFoundException;
    }

    /** The report applied; a heartbeat on a job cancelled under this token tells the worker again. */
    private Mono<Void> apply(WorkerReport report) {
        return report.call()
                .apply(reports, worker())
                .flatMap(answer -> answer instanceof Heartbeat heartbeat && heartbeat.cancelRequested()
                        ? control.cancel(report.jobId())
                        : Mono.empty())
                .then();
    }

    /** The Kafka worker: every type delivered over Kafka, retired ones too (their jobs still run). */
    private Worker worker() {
        Set<String> kafkaTypes = registry.all().stream()
                .filter(type -> type.delivery() == Delivery.KAFKA)
                .map(ExternalJobType::name)
                .collect(Collectors.toSet());
        return new Worker(properties.kafkaWorker(), kafkaTypes);
    }

    /** Best effort: the report changed nothing either way; a worker that misses this learns at its next report. */
    private Mono<Void> rejected(IncomingReport incoming, WorkerReport report, @Nullable String reason) {
        log.debug("Stale {} report on job {} at {}: {}", report.kind(), report.jobId(), incoming.origin(), reason);
        return control.rejected(report.jobId(), report.claimToken(), report.kind(), String.valueOf(reason))
                .onErrorResume(error -> {
                    log.warn(
                            "Could not tell the worker of job {} its report was rejected: {}",
                            report.jobId(),
                            error.toString());
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(incoming::acknowledge));
    }

    /** A dead letter that cannot be written fails the record like any other error: the consumer restarts. */
    private Mono<Void> deadLetter(IncomingReport incoming, @Nullable String reason) {
        log.warn("Worker report {} set aside: {}", incoming.origin(), reason);
        return incoming.deadLetter(String.valueOf(reason)).then(Mono.fromRunnable(incoming::acknowledge));
    }

    @Override
    public void stop() {
        Disposable current = intake;
        if (current != null) {
            current.dispose();
        }
        intake = null;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public boolean isRunning() {
        return intake != null;
    }
}
