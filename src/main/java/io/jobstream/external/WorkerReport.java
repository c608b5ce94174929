package io.jobstream.external;

import io.jobstream.job.Job;
import io.jobstream.job.Progress;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.system.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * One record of the Kafka reports topic, read: which report ({@code type}), on which job,
 * with which claim token, and the call of {@link WorkReports} it stands for, with the fields
 * of the matching HTTP call. A record that cannot be read (not JSON, a missing or unknown
 * field, a value out of range) is an {@link InvalidInputException} naming the field.
 */
record WorkerReport(String kind, UUID jobId, String claimToken, Call call) {

    /** A report applied through the one service every transport uses. */
    interface Call extends BiFunction<WorkReports, Worker, Mono<?>> {}

    private static final int MAX_TEXT = 2000;
    private static final int MAX_LOG_LINES = 100;
    private static final Set<String> COMMON = Set.of("type", "job_id", "claim_token");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "heartbeat", Set.of(),
            "progress", Set.of("percent", "stage", "message", "total_documents", "processed_count", "failed_count"),
            "log", Set.of("lines"),
            "stage_complete", Set.of("stage", "output"),
            "complete", Set.of("result"),
            "fail", Set.of("error_code", "error", "retryable"));

    static WorkerReport read(JsonMapper json, byte @Nullable [] value) {
        JsonNode node;
        try {
            node = value == null ? NullNode.getInstance() : json.readTree(value);
        } catch (JacksonException e) {
            throw InvalidInputException.of("value", "is not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw InvalidInputException.of("value", "must be a JSON object");
        }
        String kind = requiredText(node, "type");
        Set<String> fields = FIELDS.get(kind);
        if (fields == null) {
            throw InvalidInputException.of("type", "must be one of " + FIELDS.keySet());
        }
        for (String name : node.propertyNames()) {
            if (!COMMON.contains(name) && !fields.contains(name)) {
                throw InvalidInputException.of(name, "is not a field of a " + kind + " report");
            }
        }
        UUID jobId = uuid(requiredText(node, "job_id"));
        String token = requiredText(node, "claim_token");
        return new WorkerReport(kind, jobId, token, call(kind, node, jobId, token));
    }

    private static Call call(String kind, JsonNode node, UUID id, String token) {
        return switch (kind) {
            case "heartbeat" -> (reports, worker) -> reports.heartbeat(worker, id, token);
            case "progress" -> progress(node, id, token);
            case "log" -> {
                List<String> lines = lines(node);
                yield (reports, worker) -> reports.log(worker, id, token, lines);
            }
            case "stage_complete" -> {
                String stage = requiredText(node, "stage");
                JsonNode output = node.path("output").isMissingNode() ? NullNode.getInstance() : node.get("output");
                yield (reports, worker) -> reports.completeStage(worker, id, token, stage, output);
            }
            case "complete" -> {
                JsonNode result = node.path("result").isMissingNode() ? NullNode.getInstance() : node.get("result");
                yield (reports, worker) -> reports.complete(worker, id, token, result);
            }
            default -> fail(node, id, token);
        };
    }

    private static Call progress(JsonNode node, UUID id, String token) {
        Integer percent = integer(node, "percent", 0, 100);
        if (percent == null) {
            throw InvalidInputException.of("percent", "is required: a whole number from 0 to 100");
        }
        var progress = new Progress(percent, text(node, "stage"), text(node, "message"));
        var documents = new Job.Documents(
                integer(node, "total_documents", 0, Integer.MAX_VALUE),
                integer(node, "processed_count", 0, Integer.MAX_VALUE),
                integer(node, "failed_count", 0, Integer.MAX_VALUE));
        return (reports, worker) -> reports.progress(worker, id, token, progress, documents);
    }

    private static Call fail(JsonNode node, UUID id, String token) {
        String codeName = text(node, "error_code");
        ErrorCode code;
        try {
            code = codeName == null ? ErrorCode.INTERNAL_ERROR : ErrorCode.valueOf(codeName);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(
                    "error_code",
                    "must be one of " + Arrays.toString(ErrorCode.values()).replaceAll("[\\[\\]]", ""));
        }
        String error = requiredText(node, "error");
        JsonNode retryable = node.path("retryable");
        if (!retryable.isMissingNode() && !retryable.isBoolean()) {
            throw InvalidInputException.of("retryable", "must be true or false");
        }
        boolean retry = retryable.asBoolean(false);
        return (reports, worker) -> reports.fail(worker, id, token, code, error, retry);
    }

    private static List<String> lines(JsonNode node) {
        JsonNode lines = node.path("lines");
        if (!lines.isArray() || lines.isEmpty() || lines.size() > MAX_LOG_LINES) {
            throw InvalidInputException.of("lines", "is required: 1 to " + MAX_LOG_LINES + " strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode line : lines) {
            if (!line.isString() || line.asString().length() > MAX_TEXT) {
                throw InvalidInputException.of("lines", "must be strings of at most " + MAX_TEXT + " characters");
            }
            texts.add(line.asString());
        }
        return texts;
    }

    private static String requiredText(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of(field, "is required");
        }
        return text;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.asString().length() > MAX_TEXT) {
            throw InvalidInputException.of(field, "must be a string of at most " + MAX_TEXT + " characters");
        }
        return value.asString();
    }

    private static @Nullable Integer integer(JsonNode node, String field, int min, int max) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw InvalidInputException.of(field, "must be a whole number from " + min + " to " + max);
        }
        return value.asInt();
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("job_id", "must be a UUID");
        }
    }
}
