package io.jobstream.api;

import io.jobstream.apikey.ApiKeyService;
import io.jobstream.apikey.KeyRequest;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/api-keys}: {@code name} (1 to 100 characters), {@code scopes} (a
 * non-empty array of scope names) and {@code expires_at} (optional, an ISO-8601 time). Every bad
 * field is named in one 400; whether the scopes are the caller's to give, and the time still
 * ahead, the service decides.
 */
final class ApiKeyRequest {

    private static final Set<String> FIELDS = Set.of("name", "scopes", "expires_at");

    private ApiKeyRequest() {}

    static KeyRequest read(JsonNode body) {
        JsonBodies.requireObject(body);
        List<Violation> violations = JsonBodies.unknownFields(body, FIELDS);
        String name = name(body.path("name"), violations);
        Set<String> scopes = scopes(body.path("scopes"), violations);
        Instant expiresAt = expiresAt(body.path("expires_at"), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new KeyRequest(name, scopes, expiresAt);
    }

    private static String name(JsonNode name, List<Violation> violations) {
        if (!name.isString() || name.stringValue().isBlank()) {
            violations.add(new Violation("name", "is required: what the key is for, such as \"billing backend\""));
            return "";
        }
        String text = name.stringValue().strip();
        if (text.length() > KeyRequest.MAX_NAME_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation(
                    "name",
                    "must be at most " + KeyRequest.MAX_NAME_LENGTH + " characters, without control characters"));
        }
        return text;
    }

    private static Set<String> scopes(JsonNode scopes, List<Violation> violations) {
        String known = String.join(", ", new TreeSet<>(ApiKeyService.SCOPES));
        if (!scopes.isArray() || scopes.isEmpty()) {
            violations.add(new Violation("scopes", "is required: a non-empty array of scopes (" + known + ")"));
            return Set.of();
        }
        Set<String> read = new LinkedHashSet<>();
        for (JsonNode scope : scopes) {
            if (!scope.isString()) {
                violations.add(new Violation("scopes", "must be an array of scope names (" + known + ")"));
                return Set.of();
            }
            read.add(scope.stringValue());
        }
        return read;
    }

    private static @Nullable Instant expiresAt(JsonNode value, List<Violation> violations) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.isString() ? value.stringValue() : "")
                    .toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(
                    "expires_at", "must be an ISO-8601 time with an offset, such as 2027-06-30T00:00:00Z"));
            return null;
        }
    }
}
