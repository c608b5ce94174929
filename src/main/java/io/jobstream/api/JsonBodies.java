package io.jobstream.api;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What every JSON body the API reads field by field is checked for first: that it is an object,
 * and that it has no field the request does not know, so that a misspelt field is named in the
 * 400 rather than silently ignored.
 */
final class JsonBodies {

    private JsonBodies() {}

    /** A 400 naming {@code body} unless it is a JSON object. */
    static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object");
        }
    }

    /** One violation per field of {@code body} that is not in {@code known}, in name order; a list to add to. */
    static List<Violation> unknownFields(JsonNode body, Collection<String> known) {
        String names = String.join(", ", new TreeSet<>(known));
        List<Violation> violations = new ArrayList<>();
        body.properties().stream()
                .map(field -> field.getKey())
                .filter(name -> !known.contains(name))
                .sorted()
                .forEach(name -> violations.add(new Violation(name, "is not a field here; known: " + names)));
        return violations;
    }
}
