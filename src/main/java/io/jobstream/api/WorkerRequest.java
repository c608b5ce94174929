package io.jobstream.api;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON body of a worker's request, read field by field: every bad or unknown field is
 * named in one 400 ({@link #check}), so that a misspelt field is never silently ignored. The
 * claim token may come in the body ({@code claim_token}) or in the {@code Claim-Token} header.
 */
final class WorkerRequest {

    static final String CLAIM_TOKEN_HEADER = "Claim-Token";
    private static final String CLAIM_TOKEN = "claim_token";

    private final JsonNode body;
    private final List<Violation> violations;

    private WorkerRequest(JsonNode body, Set<String> fields) {
        this.body = body.isObject() ? body : JsonNodeFactory.instance.objectNode();
        this.violations = JsonBodies.unknownFields(this.body, fields);
        if (!body.isObject()) {
            violations.add(0, new Violation("body", "must be a JSON object"));
        }
    }

    /** A body of these fields; {@code claim_token} is always known. */
    static WorkerRequest of(JsonNode body, String... fields) {
        Set<String> known = new TreeSet<>(List.of(fields));
        known.add(CLAIM_TOKEN);
        return new WorkerRequest(body, known);
    }

    /** A claim, whose body has no claim token. */
    static WorkerRequest claim(JsonNode body) {
        return new WorkerRequest(body, Set.of("types", "max", "wait_seconds"));
    }

    /** The claim token, from the header or the body (the same one if both); "" if neither has it. */
    String claimToken(@Nullable String header) {
        JsonNode field = body.path(CLAIM_TOKEN);
        String fromBody = field.isString() ? field.stringValue() : null;
        if (!field.isMissingNode() && fromBody == null) {
            violations.add(new Violation(CLAIM_TOKEN, "must be a string"));
        }
        if (header != null && fromBody != null && !header.equals(fromBody)) {
            violations.add(new Violation(CLAIM_TOKEN, "differs from the " + CLAIM_TOKEN_HEADER + " header"));
        }
        String token = header != null ? header : fromBody;
        if (token == null || token.isBlank()) {
            violations.add(new Violation(
                    CLAIM_TOKEN,
                    "is required: the claim token of the job, as the field or the " + CLAIM_TOKEN_HEADER + " header"));
            return "";
        }
        return token;
    }

    /** {@link #claimToken}, checked at once: for a request whose body is not JSON (an artifact). */
    String claimTokenChecked(@Nullable String header) {
        String token = claimToken(header);
        check();
        return token;
    }

    Optional<String> text(String name, int maxLength) {
        JsonNode field = body.path(name);
        if (field.isMissingNode() || field.isNull()) {
            return Optional.empty();
        }
        if (!field.isString()
                || field.stringValue().length() > maxLength
                || field.stringValue().indexOf('\0') >= 0) {
            violations.add(
                    new Violation(name, "must be a string of at most " + maxLength + " characters, without NUL"));
            return Optional.empty();
        }
        return Optional.of(field.stringValue());
    }

    String requiredText(String name, int maxLength) {
        if (body.path(name).isMissingNode() || body.path(name).isNull()) {
            violations.add(new Violation(name, "is required"));
            return "";
        }
        return text(name, maxLength).orElse("");
    }

    @Nullable
    Integer integer(String name, int min, int max) {
        JsonNode field = body.path(name);
        if (field.isMissingNode() || field.isNull()) {
            return null;
        }
        if (!field.isIntegralNumber() || !field.canConvertToInt() || field.intValue() < min || field.intValue() > max) {
            violations.add(new Violation(name, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return field.intValue();
    }

    boolean bool(String name, boolean defaultValue) {
        JsonNode field = body.path(name);
        if (field.isMissingNode() || field.isNull()) {
            return defaultValue;
        }
        if (!field.isBoolean()) {
            violations.add(new Violation(name, "must be true or false"));
            return defaultValue;
        }
        return field.booleanValue();
    }

    /** Strings, at least one and at most {@code maxItems}, each at most {@code maxLength} characters. */
    List<String> texts(String name, int maxItems, int maxLength) {
        JsonNode field = body.path(name);
        if (!field.isArray() || field.isEmpty() || field.size() > maxItems) {
            violations.add(new Violation(name, "is required: an array of 1 to " + maxItems + " strings"));
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (int index = 0; index < field.size(); index++) {
            JsonNode item = field.get(index);
            if (!item.isString()
                    || item.stringValue().length() > maxLength
                    || item.stringValue().indexOf('\0') >= 0) {
                violations.add(new Violation(
                        name + "[" + index + "]",
                        "must be a string of at most " + maxLength + " characters, without NUL"));
            } else {
                texts.add(item.stringValue());
            }
        }
        return texts;
    }

    /** Any JSON value; JSON null if the field is missing. */
    JsonNode json(String name) {
        JsonNode field = body.path(name);
        return field.isMissingNode() ? JsonNodeFactory.instance.nullNode() : field;
    }

    void reject(String name, String message) {
        violations.add(new Violation(name, message));
    }

    /** @throws InvalidInputException naming every bad field found so far */
    void check() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(List.copyOf(violations));
        }
    }
}
