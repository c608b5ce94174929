package io.jobstream.api;

import io.jobstream.job.Submission;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON of one job submission, checked for shape (the payload is checked by its job
 * type). {@code job_type} and {@code parameters} are accepted for {@code type} and
 * {@code payload}, as other job APIs name them.
 */
final class SubmitRequest {

    private static final Set<String> FIELDS = Set.of("type", "payload", "job_type", "parameters");

    private SubmitRequest() {}

    static Submission parse(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        Submission submission = parse(body, "", violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return submission;
    }

    /** Adds what is wrong to {@code violations}, each field prefixed with {@code path}. */
    static Submission parse(JsonNode body, String path, List<Violation> violations) {
        if (!body.isObject()) {
            violations.add(new Violation(path.isEmpty() ? "body" : path.substring(0, path.length() - 1),
                    "must be a JSON object"));
            return new Submission("", JsonNodeFactory.instance.objectNode());
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(path + name, "is not a field of a job submission; known: type (or job_type), payload (or parameters)"));
            }
        }
        String typeField = aliased(body, "type", "job_type", path, violations);
        String payloadField = aliased(body, "payload", "parameters", path, violations);
        JsonNode type = body.path(typeField);
        if (type.isMissingNode() || type.isNull()) {
            violations.add(new Violation(path + "type", "is required"));
        } else if (!type.isString() || type.stringValue().isBlank()) {
            violations.add(new Violation(path + typeField, "must be a non-empty string"));
        }
        JsonNode payload = body.path(payloadField);
        if (payload.isMissingNode() || payload.isNull()) {
            payload = JsonNodeFactory.instance.objectNode();
        } else if (!payload.isObject()) {
            violations.add(new Violation(path + payloadField, "must be a JSON object"));
        }
        return new Submission(type.isString() ? type.stringValue() : "", payload);
    }

    private static String aliased(JsonNode body, String name, String alias, String path, List<Violation> violations) {
        if (body.has(name) && body.has(alias)) {
            violations.add(new Violation(path + alias, "is another name for " + name + "; send one of them"));
        }
        return body.has(alias) ? alias : name;
    }
}
