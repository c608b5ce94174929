package io.jobstream.api;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The body of {@code POST /api/jobs}, checked for shape; the payload is checked by its job type. */
record SubmitRequest(String type, JsonNode payload) {

    private static final Set<String> FIELDS = Set.of("type", "payload");

    static SubmitRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object");
        }
        List<Violation> violations = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(name, "is not a field of a job submission; known: type, payload"));
            }
        }
        JsonNode type = body.path("type");
        if (type.isMissingNode() || type.isNull()) {
            violations.add(new Violation("type", "is required"));
        } else if (!type.isString() || type.stringValue().isBlank()) {
            violations.add(new Violation("type", "must be a non-empty string"));
        }
        JsonNode payload = body.path("payload");
        if (payload.isMissingNode() || payload.isNull()) {
            payload = JsonNodeFactory.instance.objectNode();
        } else if (!payload.isObject()) {
            violations.add(new Violation("payload", "must be a JSON object"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SubmitRequest(type.stringValue(), payload);
    }
}
