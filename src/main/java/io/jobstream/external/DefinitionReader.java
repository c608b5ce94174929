package io.jobstream.external;

import io.jobstream.jobtype.PayloadValidator;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.system.Durations;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code PUT /api/job-types/{name}}, and a stored definition (the same
 * shape): every bad field is named in one {@link InvalidInputException}, a misspelt one too,
 * so that a registration never silently falls back to a default. The payload schema is
 * compiled here, once.
 */
final class DefinitionReader {

    static final Duration DEFAULT_STAGE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofHours(2);
    static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_DESCRIPTION_LENGTH = 2000;
    static final int MAX_STAGES = 100;
    static final int MAX_STAGE_NAME_LENGTH = 100;
    static final int MAX_ATTEMPTS = 100;
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofDays(30);
    private static final Duration MAX_HEARTBEAT_TIMEOUT = Duration.ofHours(1);
    private static final Duration MAX_BACKOFF = Duration.ofDays(1);

    private static final Set<String> FIELDS = new TreeSet<>(Set.of(
            "name",
            "description",
            "payload_schema",
            "result_schema",
            "stages",
            "retry",
            "retry_policy",
            "stage_timeout",
            "job_timeout",
            "heartbeat_timeout",
            "delivery"));
    private static final Set<String> RETRY_FIELDS =
            new TreeSet<>(Set.of("max_attempts", "initial_backoff", "max_backoff", "jitter"));

    /** A definition as read, with its payload schema compiled. */
    record CheckedDefinition(TypeDefinition definition, PayloadValidator payloadValidator) {}

    private final List<Violation> violations = new ArrayList<>();

    private DefinitionReader() {}

    /**
     * The definition of the type {@code name} in {@code body}; a {@code name} field there, if
     * any, must be that name.
     *
     * @throws InvalidInputException naming every bad field
     */
    static CheckedDefinition read(String name, JsonNode body) {
        if (!body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object");
        }
        return new DefinitionReader().definition(name, body);
    }

    private CheckedDefinition definition(String name, JsonNode body) {
        body.propertyNames().stream()
                .filter(field -> !FIELDS.contains(field))
                .sorted()
                .forEach(field -> violations.add(
                        new Violation(field, "is not a field of a job type; known: " + String.join(", ", FIELDS))));
        JsonNode named = body.path("name");
        if (present(named) && !(named.isString() && named.stringValue().equals(name))) {
            violations.add(new Violation("name", "must be the name in the path, '" + name + "', if present"));
        }
        String description = description(body.path("description"));
        PayloadValidator validator = schema("payload_schema", body.path("payload_schema"), true);
        JsonNode resultSchema = present(body.path("result_schema")) ? body.get("result_schema") : null;
        if (resultSchema != null) {
            schema("result_schema", resultSchema, false);
        }
        List<String> stages = stages(body.path("stages"));
        RetryPolicy retry = retry(body);
        Duration stageTimeout = duration(body, "stage_timeout", DEFAULT_STAGE_TIMEOUT, MAX_TIMEOUT);
        Duration jobTimeout = duration(body, "job_timeout", DEFAULT_JOB_TIMEOUT, MAX_TIMEOUT);
        Duration heartbeat = duration(body, "heartbeat_timeout", DEFAULT_HEARTBEAT_TIMEOUT, MAX_HEARTBEAT_TIMEOUT);
        Delivery delivery = delivery(body.path("delivery"));
        if (!violations.isEmpty() || validator == null || retry == null) {
            throw new InvalidInputException(violations.stream()
                    .sorted(java.util.Comparator.comparing(Violation::field))
                    .toList());
        }
        return new CheckedDefinition(
                new TypeDefinition(
                        description,
                        body.get("payload_schema"),
                        resultSchema,
                        stages,
                        retry,
                        stageTimeout,
                        jobTimeout,
                        heartbeat,
                        delivery),
                validator);
    }

    private String description(JsonNode description) {
        if (!description.isString() || description.stringValue().isBlank()) {
            violations.add(new Violation("description", "is required: one or two sentences on what the type does"));
            return "";
        }
        String text = description.stringValue().strip();
        if (text.length() > MAX_DESCRIPTION_LENGTH || text.indexOf('\0') >= 0) {
            violations.add(new Violation(
                    "description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters, without NUL"));
        }
        return text;
    }

    /** The schema compiled; null (and a violation) if it is missing or invalid. */
    private @Nullable PayloadValidator schema(String field, JsonNode schema, boolean required) {
        if (!present(schema)) {
            if (required) {
                violations.add(new Violation(field, "is required: a JSON Schema (2020-12) document"));
            }
            return null;
        }
        try {
            return PayloadValidator.compile(schema);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, "is not a valid JSON Schema (2020-12): " + e.getMessage()));
            return null;
        }
    }

    private List<String> stages(JsonNode stages) {
        if (!stages.isArray() || stages.isEmpty() || stages.size() > MAX_STAGES) {
            violations.add(new Violation(
                    "stages", "is required: an array of 1 to " + MAX_STAGES + " stage names, in the order they run"));
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < stages.size(); index++) {
            JsonNode stage = stages.get(index);
            String field = "stages[" + index + "]";
            if (!stage.isString() || !validStageName(stage.stringValue())) {
                violations.add(new Violation(
                        field,
                        "must be a name of 1 to " + MAX_STAGE_NAME_LENGTH
                                + " characters, not blank, without control characters"));
            } else if (!seen.add(stage.stringValue())) {
                violations.add(new Violation(field, "is named twice: stage names must differ"));
            } else {
                names.add(stage.stringValue());
            }
        }
        return names;
    }

    private static boolean validStageName(String name) {
        return !name.isBlank()
                && name.length() <= MAX_STAGE_NAME_LENGTH
                && name.codePoints().noneMatch(Character::isISOControl);
    }

    /** {@code retry}, or {@code retry_policy} as the catalog names it; null (and a violation) if invalid. */
    private @Nullable RetryPolicy retry(JsonNode body) {
        boolean both = present(body.path("retry")) && present(body.path("retry_policy"));
        String field = present(body.path("retry_policy")) && !present(body.path("retry")) ? "retry_policy" : "retry";
        if (both) {
            violations.add(new Violation("retry_policy", "is another name for retry: send one of them"));
        }
        JsonNode retry = body.path(field);
        if (!present(retry)) {
            return RetryPolicy.DEFAULT;
        }
        if (!retry.isObject()) {
            violations.add(
                    new Violation(field, "must be a JSON object: max_attempts, initial_backoff, max_backoff, jitter"));
            return null;
        }
        int before = violations.size();
        retry.propertyNames().stream()
                .filter(name -> !RETRY_FIELDS.contains(name))
                .sorted()
                .forEach(name -> violations.add(new Violation(
                        field + "." + name,
                        "is not a field of a retry policy; known: " + String.join(", ", RETRY_FIELDS))));
        int attempts = maxAttempts(field, retry.path("max_attempts"));
        Duration initial = duration(retry, field, "initial_backoff", RetryPolicy.DEFAULT.initialBackoff(), MAX_BACKOFF);
        Duration max = duration(retry, field, "max_backoff", RetryPolicy.DEFAULT.maxBackoff(), MAX_BACKOFF);
        double jitter = jitter(field, retry.path("jitter"));
        if (violations.size() == before && max.compareTo(initial) < 0) {
            violations.add(new Violation(field + ".max_backoff", "must not be shorter than initial_backoff"));
        }
        return violations.size() == before ? new RetryPolicy(attempts, initial, max, jitter) : null;
    }

    private int maxAttempts(String parent, JsonNode value) {
        if (!present(value)) {
            return RetryPolicy.DEFAULT.maxAttempts();
        }
        if (!value.isIntegralNumber()
                || !value.canConvertToInt()
                || value.intValue() < 1
                || value.intValue() > MAX_ATTEMPTS) {
            violations.add(new Violation(parent + ".max_attempts", "must be an integer from 1 to " + MAX_ATTEMPTS));
            return 1;
        }
        return value.intValue();
    }

    private double jitter(String parent, JsonNode value) {
        if (!present(value)) {
            return RetryPolicy.DEFAULT.jitter();
        }
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() >= 1) {
            violations.add(new Violation(parent + ".jitter", "must be a number from 0 up to (not including) 1"));
            return 0;
        }
        return value.doubleValue();
    }

    private Duration duration(JsonNode object, String field, Duration fallback, Duration max) {
        return duration(object, null, field, fallback, max);
    }

    /** A duration of at least 1 s (a backoff: at least 0) and at most {@code max}; {@code fallback} if absent. */
    private Duration duration(JsonNode object, @Nullable String parent, String field, Duration fallback, Duration max) {
        String name = parent == null ? field : parent + "." + field;
        JsonNode value = object.path(field);
        if (!present(value)) {
            return fallback;
        }
        Duration min = parent == null ? MIN_TIMEOUT : Duration.ZERO;
        try {
            if (!value.isString()) {
                throw new IllegalArgumentException("must be a duration as a string, such as \"30s\" or \"PT30S\"");
            }
            Duration parsed = Durations.parse(value.stringValue());
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                violations.add(new Violation(name, "must be from " + words(min) + " to " + words(max)));
                return fallback;
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(name, e.getMessage()));
            return fallback;
        }
    }

    private static String words(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private Delivery delivery(JsonNode delivery) {
        if (!present(delivery)) {
            return Delivery.HTTP;
        }
        return Delivery.fromWireName(delivery.isString() ? delivery.stringValue() : "")
                .orElseGet(() -> {
                    violations.add(new Violation("delivery", "must be http or kafka"));
                    return Delivery.HTTP;
                });
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }
}
