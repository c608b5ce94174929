package io.jobstream.job;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads job submissions from JSON, the same way for every door: the body of
 * {@code POST /api/jobs}, each job of a batch, a record of the submissions topic, and a line
 * of a file of submissions (the {@code import} job type). A
 * submission is {@code type} and {@code payload}, or their aliases {@code job_type} and
 * {@code parameters}, as other job APIs name them, and an optional {@code webhook} (or its
 * shorthand {@code webhook_url}), and an optional {@code run_at} or {@code delay}
 * ({@link ScheduleReader}). Checks shape only and names every bad field in one
 * {@link InvalidInputException}; the payload is checked by its job type and the webhook's
 * addresses by the submit path ({@link JobSubmissions}).
 */
@Component
public class SubmissionReader {

    private static final Set<String> FIELDS =
            Set.of("type", "payload", "job_type", "parameters", "webhook", "webhook_url", "run_at", "delay");
    private static final Set<String> BATCH_FIELDS = Set.of("batch_name", "jobs", "run_at", "delay");
    private static final Set<String> RECORD_FIELDS = Set.of("owner", "idempotency_key");
    private static final Set<String> LINE_FIELDS = Set.of("idempotency_key");
    private static final int MAX_BATCH_NAME_LENGTH = 200;
    private static final int MAX_OWNER_LENGTH = 255;

    private final JsonMapper json;
    private final ScheduleReader schedules;

    SubmissionReader(JsonMapper json, SubmissionProperties properties) {
        this.json = json;
        this.schedules = new ScheduleReader(properties.maxDelay(), Clock.systemUTC());
    }

    /** A batch as submitted: its name, and its jobs in order. */
    public record BatchSubmission(@Nullable String name, List<Submission> jobs) {}

    /** A record of the submissions topic: the job, whose it is, and the key that makes it idempotent. */
    public record RecordSubmission(Submission submission, String owner, String idempotencyKey) {}

    /** A line of a file of submissions (an import): the job, and its own idempotency key if it has one. */
    public record LineSubmission(
            Submission submission, @Nullable String idempotencyKey) {}

    /** The body of {@code POST /api/jobs}: one submission and nothing else. */
    public Submission job(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        Submission submission = read(body, "", Set.of(), violations);
        throwIfAny(violations);
        return submission;
    }

    /**
     * The body of {@code POST /api/jobs/batch}: {@code batch_name} and 1 to {@code max} jobs,
     * each named by index; a {@code run_at} or {@code delay} of the batch is that of each job
     * that has none of its own.
     */
    public BatchSubmission batch(JsonNode body, int max) {
        if (!body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object");
        }
        List<Violation> violations = new ArrayList<>();
        unknownFields(
                body,
                "",
                BATCH_FIELDS,
                "is not a field of a batch; known: batch_name, jobs, run_at, delay",
                violations);
        Schedule batchSchedule = schedules.read(body, "", violations);
        JsonNode name = body.path("batch_name");
        if (present(name) && !name.isString()) {
            violations.add(new Violation("batch_name", "must be a string"));
        } else if (name.isString()
                && (name.stringValue().length() > MAX_BATCH_NAME_LENGTH
                        || name.stringValue().indexOf('\0') >= 0)) {
            violations.add(new Violation(
                    "batch_name", "must be at most " + MAX_BATCH_NAME_LENGTH + " characters, without NUL"));
        }
        JsonNode jobs = body.path("jobs");
        List<Submission> submissions = new ArrayList<>();
        if (!jobs.isArray() || jobs.isEmpty()) {
            violations.add(new Violation("jobs", "must be a non-empty array of job submissions"));
        } else if (jobs.size() > max) {
            violations.add(new Violation("jobs", "must hold at most " + max + " jobs, had " + jobs.size()));
        } else {
            for (int index = 0; index < jobs.size(); index++) {
                submissions.add(read(jobs.get(index), "jobs[" + index + "].", Set.of(), violations)
                        .scheduledOr(batchSchedule));
            }
        }
        throwIfAny(violations);
        return new BatchSubmission(name.isString() ? name.stringValue() : null, submissions);
    }

    /**
     * A line of a file of submissions: the body of {@code POST /api/jobs}, and optionally the
     * {@code idempotency_key} that request would have sent as its header (same rule).
     */
    public LineSubmission line(JsonNode line) {
        if (!line.isObject()) {
            throw InvalidInputException.of("line", "must be a JSON object: the body of POST /api/jobs");
        }
        List<Violation> violations = new ArrayList<>();
        Submission submission = read(line, "", LINE_FIELDS, violations);
        JsonNode key = line.path("idempotency_key");
        if (present(key) && !(key.isString() && IdempotencyKey.isValid(key.stringValue()))) {
            violations.add(new Violation("idempotency_key", IdempotencyKey.RULE));
        }
        throwIfAny(violations);
        return new LineSubmission(submission, key.isString() ? key.stringValue() : null);
    }

    /**
     * A record of the submissions topic: a submission with its {@code owner} (required) and
     * {@code idempotency_key}; without one, the record's Kafka key is the idempotency key, and
     * without that, the record's place in the topic ({@code origin}, the same on every
     * redelivery). Both keys follow {@link IdempotencyKey}'s rule.
     */
    public RecordSubmission record(byte @Nullable [] value, @Nullable String recordKey, String origin) {
        JsonNode record = parse(value);
        List<Violation> violations = new ArrayList<>();
        Submission submission = read(record, "", RECORD_FIELDS, violations);
        String owner = owner(record.path("owner"), violations);
        String key = recordKey(record.path("idempotency_key"), recordKey, origin, violations);
        throwIfAny(violations);
        return new RecordSubmission(submission, owner, key);
    }

    private JsonNode parse(byte @Nullable [] value) {
        if (value == null) {
            throw InvalidInputException.of("value", "is empty");
        }
        try {
            return json.readTree(value);
        } catch (JacksonException e) {
            throw InvalidInputException.of("value", "is not valid JSON");
        }
    }

    private static String owner(JsonNode owner, List<Violation> violations) {
        if (!present(owner)) {
            violations.add(new Violation("owner", "is required: the user the job belongs to"));
            return "";
        }
        String text = owner.isString() ? owner.stringValue() : "";
        if (text.isBlank() || text.length() > MAX_OWNER_LENGTH || text.indexOf('\0') >= 0) {
            violations.add(new Violation(
                    "owner", "must be a non-empty string of at most " + MAX_OWNER_LENGTH + " characters"));
        }
        return text;
    }

    private static String recordKey(
            JsonNode field, @Nullable String recordKey, String origin, List<Violation> violations) {
        if (present(field)) {
            if (field.isString() && IdempotencyKey.isValid(field.stringValue())) {
                return field.stringValue();
            }
            violations.add(new Violation("idempotency_key", IdempotencyKey.RULE));
            return "";
        }
        if (recordKey == null) {
            return origin;
        }
        if (!IdempotencyKey.isValid(recordKey)) {
            violations.add(new Violation(
                    "key",
                    "a record key serves as idempotency key: it " + IdempotencyKey.RULE + "; or set idempotency_key"));
        }
        return recordKey;
    }

    /**
     * One submission at {@code path} ({@code ""}, or {@code "jobs[1]."} in a batch);
     * {@code otherFields} are the door's own fields, allowed beside the submission's.
     */
    private Submission read(JsonNode body, String path, Set<String> otherFields, List<Violation> violations) {
        if (!body.isObject()) {
            violations.add(new Violation(
                    path.isEmpty() ? "body" : path.substring(0, path.length() - 1), "must be a JSON object"));
            return new Submission("", JsonNodeFactory.instance.objectNode());
        }
        Set<String> known = new TreeSet<>(otherFields);
        known.add("type (or job_type)");
        known.add("payload (or parameters)");
        known.add("webhook (or webhook_url)");
        known.add("run_at");
        known.add("delay");
        Set<String> allowed = new TreeSet<>(FIELDS);
        allowed.addAll(otherFields);
        unknownFields(body, path, allowed, "is not a field here; known: " + String.join(", ", known), violations);
        String typeField = aliased(body, "type", "job_type", path, violations);
        String payloadField = aliased(body, "payload", "parameters", path, violations);
        JsonNode type = body.path(typeField);
        if (!present(type)) {
            violations.add(new Violation(path + "type", "is required"));
        } else if (!type.isString() || type.stringValue().isBlank()) {
            violations.add(new Violation(path + typeField, "must be a non-empty string"));
        }
        JsonNode payload = body.path(payloadField);
        if (!present(payload)) {
            payload = JsonNodeFactory.instance.objectNode();
        } else if (!payload.isObject()) {
            violations.add(new Violation(path + payloadField, "must be a JSON object"));
        }
        return new Submission(
                type.isString() ? type.stringValue() : "",
                payload,
                WebhookJson.read(body, path, violations),
                schedules.read(body, path, violations));
    }

    private static void unknownFields(
            JsonNode body, String path, Set<String> allowed, String message, List<Violation> violations) {
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                violations.add(new Violation(path + name, message));
            }
        }
    }

    private static String aliased(JsonNode body, String name, String alias, String path, List<Violation> violations) {
        if (body.has(name) && body.has(alias)) {
            violations.add(new Violation(path + alias, "is another name for " + name + "; send one of them"));
        }
        return body.has(alias) ? alias : name;
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    private static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
