package io.jobstream.intake;

import io.jobstream.job.Caller;
import io.jobstream.job.JobService;
import io.jobstream.job.Submission;
import io.jobstream.job.SubmissionJson;
import io.jobstream.system.ConflictException;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Reconnect;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka as a front door: each submission record goes through the same validation and the
 * same store as {@code POST /api/jobs}, as its {@code owner}; beyond the owner's quota it is
 * still taken, and waits its turn in the queue rather than starve other owners. The idempotency key is
 * {@code idempotency_key}, else the record key, else the record's own place in the topic, so
 * a redelivered record never creates a second job. An invalid record goes to the dead-letter
 * topic with the reason and never stops the intake; a record that fails for another reason
 * (the database is down) is retried, and then read again from the topic.
 */
@Component
class SubmissionIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubmissionIntake.class);
    private static final Set<String> RECORD_FIELDS = Set.of("owner", "idempotency_key");
    /**
     * Records being stored at once. They wait for a statement, not a thread, and those that
     * wait together are stored by one statement, so more in flight means fewer statements.
     */
    private static final int IN_FLIGHT = 256;

    private final SubmissionSource source;
    private final JobService jobs;
    private final JsonMapper json;
    private volatile @Nullable Disposable intake;

    SubmissionIntake(SubmissionSource source, JobService jobs, JsonMapper json) {
        this.source = source;
        this.jobs = jobs;
        this.json = json;
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
        return Mono.defer(() -> submit(incoming))
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200))
                        .filter(error -> !(error instanceof InvalidInputException || error instanceof ConflictException)))
                .then(Mono.fromRunnable(incoming::acknowledge))
                .onErrorResume(InvalidInputException.class, invalid -> deadLetter(incoming, invalid.getMessage()))
                .onErrorResume(ConflictException.class, conflict -> deadLetter(incoming, conflict.getMessage()))
                .then();
    }

    private Mono<?> submit(IncomingSubmission incoming) {
        JsonNode record = read(incoming);
        List<Violation> violations = new ArrayList<>();
        Submission submission = SubmissionJson.read(record, "", RECORD_FIELDS, violations);
        String owner = text(record, "owner", violations);
        String key = text(record, "idempotency_key", violations);
        if (owner == null && violations.isEmpty()) {
            violations.add(new Violation("owner", "is required: the user the job belongs to"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        String idempotencyKey = key != null ? key : recordKey(incoming);
        return jobs.accept(Caller.user(owner), submission, idempotencyKey);
    }

    /** The record key, unless there is none; then the record's place in the topic. */
    private static String recordKey(IncomingSubmission incoming) {
        String key = incoming.key();
        if (key == null) {
            return incoming.origin();
        }
        if (key.isBlank() || key.length() > 255 || key.indexOf('\0') >= 0) {
            throw InvalidInputException.of("key", "a record key serves as idempotency key: at most 255 characters, "
                    + "without NUL; or set idempotency_key");
        }
        return key;
    }

    private JsonNode read(IncomingSubmission incoming) {
        if (incoming.value() == null) {
            throw InvalidInputException.of("value", "is empty");
        }
        try {
            return json.readTree(incoming.value());
        } catch (JacksonException e) {
            throw InvalidInputException.of("value", "is not valid JSON");
        }
    }

    private static @Nullable String text(JsonNode record, String field, List<Violation> violations) {
        JsonNode value = record.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.stringValue().isBlank() || value.stringValue().length() > 255
                || value.stringValue().indexOf('\0') >= 0) {
            violations.add(new Violation(field, "must be a non-empty string of at most 255 characters"));
            return null;
        }
        return value.stringValue();
    }

    /** A dead letter that cannot be written fails the record like any other error: the consumer restarts. */
    private Mono<Void> deadLetter(IncomingSubmission incoming, String reason) {
        log.warn("Submission {} set aside: {}", incoming.origin(), reason);
        return incoming.deadLetter(reason)
                .then(Mono.fromRunnable(incoming::acknowledge));
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
    public boolean isRunning() {
        return intake != null;
    }
}
