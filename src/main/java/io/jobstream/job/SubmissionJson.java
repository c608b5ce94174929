package io.jobstream.job;

import io.jobstream.system.Violation;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads one job submission from JSON, the same way for every door (REST, a batch, a Kafka
 * record): {@code type} and {@code payload}, or their aliases {@code job_type} and
 * {@code parameters}, as other job APIs name them, and an optional {@code webhook} (or its
 * shorthand {@code webhook_url}). Checks shape only; the payload is checked by its job type,
 * the webhook's addresses by the submit path.
 */
public final class SubmissionJson {

    private static final Set<String> FIELDS = Set.of("type", "payload", "job_type", "parameters", "webhook",
            "webhook_url");

    private SubmissionJson() {}

    /**
     * Adds what is wrong to {@code violations}, each field prefixed with {@code path};
     * {@code otherFields} are the door's own fields, allowed beside the submission's.
     */
    public static Submission read(JsonNode body, String path, Set<String> otherFields, List<Violation> violations) {
        if (!body.isObject()) {
            violations.add(new Violation(path.isEmpty() ? "body" : path.substring(0, path.length() - 1),
                    "must be a JSON object"));
            return new Submission("", JsonNodeFactory.instance.objectNode());
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name) && !otherFields.contains(name)) {
                Set<String> known = new TreeSet<>(otherFields);
                known.add("type (or job_type)");
                known.add("payload (or parameters)");
                known.add("webhook (or webhook_url)");
                violations.add(new Violation(path + name, "is not a field here; known: " + String.join(", ", known)));
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
        return new Submission(type.isString() ? type.stringValue() : "", payload,
                WebhookJson.read(body, path, violations));
    }

    private static String aliased(JsonNode body, String name, String alias, String path, List<Violation> violations) {
        if (body.has(name) && body.has(alias)) {
            violations.add(new Violation(path + alias, "is another name for " + name + "; send one of them"));
        }
        return body.has(alias) ? alias : name;
    }
}
