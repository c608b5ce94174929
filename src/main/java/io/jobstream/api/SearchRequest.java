package io.jobstream.api;

import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/search}: {@code query} (1 to 2,000 characters), {@code job_ids}
 * (optional: search these jobs only) and {@code limit} (1 to 100, default 10). {@link #read}
 * names every bad field in one 400; a misspelt field is one of them, so that it never silently
 * searches everything.
 */
record SearchRequest(String query, @Nullable List<UUID> jobIds, int limit) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_JOB_IDS = 1000;
    private static final Set<String> FIELDS = Set.of("query", "job_ids", "limit");

    static SearchRequest read(JsonNode body) {
        JsonBodies.requireObject(body);
        List<Violation> violations = JsonBodies.unknownFields(body, FIELDS);
        String query = query(body.path("query"), violations);
        List<UUID> jobIds = jobIds(body.path("job_ids"), violations);
        int limit = limit(body.path("limit"), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SearchRequest(query, jobIds, limit);
    }

    private static String query(JsonNode query, List<Violation> violations) {
        if (!query.isString() || query.stringValue().isBlank()) {
            violations.add(new Violation("query", "is required: the text to search for"));
            return "";
        }
        String text = query.stringValue().strip();
        if (text.length() > ChunkEmbeddings.MAX_QUERY_LENGTH || text.indexOf('\0') >= 0) {
            violations.add(new Violation(
                    "query", "must be at most " + ChunkEmbeddings.MAX_QUERY_LENGTH + " characters, without NUL"));
        }
        return text;
    }

    private static @Nullable List<UUID> jobIds(JsonNode ids, List<Violation> violations) {
        if (ids.isMissingNode() || ids.isNull()) {
            return null;
        }
        if (!ids.isArray() || ids.size() > MAX_JOB_IDS) {
            violations.add(new Violation("job_ids", "must be an array of at most " + MAX_JOB_IDS + " job ids"));
            return null;
        }
        List<UUID> parsed = new ArrayList<>();
        for (int index = 0; index < ids.size(); index++) {
            UUID id = uuid(ids.get(index));
            if (id == null) {
                violations.add(new Violation("job_ids[" + index + "]", "must be a job id (a UUID)"));
            } else {
                parsed.add(id);
            }
        }
        return parsed;
    }

    /** A UUID in its usual form only: {@code UUID.fromString} also takes shortened ones like {@code 1-1-1-1-1}. */
    private static @Nullable UUID uuid(JsonNode id) {
        if (!id.isString()) {
            return null;
        }
        try {
            UUID parsed = UUID.fromString(id.stringValue());
            return parsed.toString().equalsIgnoreCase(id.stringValue()) ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int limit(JsonNode limit, List<Violation> violations) {
        if (limit.isMissingNode() || limit.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!limit.isIntegralNumber() || limit.asLong() < 1 || limit.asLong() > MAX_LIMIT) {
            violations.add(new Violation("limit", "must be a whole number within 1.." + MAX_LIMIT));
            return DEFAULT_LIMIT;
        }
        return limit.asInt();
    }
}
