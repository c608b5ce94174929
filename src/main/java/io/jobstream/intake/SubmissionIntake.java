package io.jobstream.intake;

import io.jobstream.job.Caller;
import io.jobstream.job.JobSubmissions;
import io.jobstream.job.SubmissionReader;
import io.jobstream.job.SubmissionReader.RecordSubmission;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.ConflictException;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Reconnect;
import io.jobstream.system.Traces;
import io.micrometer.tracing.Span;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Kafka as a front door: each submission record goes through the same validation and the
 * same store as {@code POST /api/jobs}, as its {@code owner}; beyond the owner's quota it is
 * still taken, and waits its turn in the queue rather than starve other owners. The idempotency key is
 * {@code idempotency_key}, else the record key, else the record's own place in the topic, so
 * a redelivered record never creates a second job. An invalid record goes to the dead-letter
 * topic with the reason and never stops the intake; a record that fails for another reason
 * (the database is down) is retried, and then read again from the topic. A record's
 * {@code traceparent} header is continued: the job's trace is the producer's.
 */
@Component
class SubmissionIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubmissionIntake.class);
    /**
     * Records being stored at once. They wait for a statement, not a thread, and those that
     * wait together are stored by one statement, so more in flight means fewer statements.
     */
    private static final int IN_FLIGHT = 256;

    private final SubmissionSource source;
    private final SubmissionReader reader;
    private final JobSubmissions submissions;
    private final Traces traces;
    private final boolean autoStartup;
    private volatile @Nullable Disposable intake;

    SubmissionIntake(
            SubmissionSource source,
            SubmissionReader reader,
            JobSubmissions submissions,
            Traces traces,
            BackgroundWorkProperties background) {
        this.autoStartup = background.enabled();
        this.source = source;
        this.reader = reader;
        this.submissions = submissions;
        this.traces = traces;
    }

    @Override
    public void start() {
        intake = source.receive()
                .flatMap(this::handle, IN_FLIGHT)
                // lives as long as the application: a broken connection, or a record that
                // still fails after retries in place, reopens the consumer, which starts again
                // at the last committed offset (idempotency keys make redeliveries harmless)
                .retryWhen(Reconnect.forever(log, "Submission intake", Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .subscribe();
    }

    /**
     * Every record is settled: taken and acknowledged, or set aside and acknowledged. A record
     * that fails otherwise (the database is away) is tried again in place; if it still fails,
     * the error restarts the consumer rather than leave an unacknowledged record behind,
     * which would hold back every later commit of its partition.
     */
    private Mono<Void> handle(IncomingSubmission incoming) {
        return traces.continued(incoming.traceparent(), "jobstream submission", Span.Kind.CONSUMER, settled(incoming));
    }

    private Mono<Void> settled(IncomingSubmission incoming) {
        return Mono.defer(() -> submit(incoming))
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200))
                        .filter(error ->
                                !(error instanceof InvalidInputException || error instanceof ConflictException)))
                .then(Mono.fromRunnable(incoming::acknowledge))
                .onErrorResume(InvalidInputException.class, invalid -> deadLetter(incoming, invalid.getMessage()))
                .onErrorResume(ConflictException.class, conflict -> deadLetter(incoming, conflict.getMessage()))
                .then();
    }

    private Mono<?> submit(IncomingSubmission incoming) {
        RecordSubmission record = reader.record(incoming.value(), incoming.key(), incoming.origin());
        return submissions.accept(Caller.user(record.owner()), record.submission(), record.idempotencyKey());
    }

    /** A dead letter that cannot be written fails the record like any other error: the consumer restarts. */
    private Mono<Void> deadLetter(IncomingSubmission incoming, String reason) {
        log.warn("Submission {} set aside: {}", incoming.origin(), reason);
        return incoming.deadLetter(reason).then(Mono.fromRunnable(incoming::acknowledge));
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
