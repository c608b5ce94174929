package io.jobstream.jobtype;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Turns the validator's errors into what a client reads: the field by its path
 * ({@code payload.documents[0].url}) and a plain message, sorted by field. Keywords not named
 * here keep the validator's own message.
 */
final class SchemaViolations {

    private static final Map<String, String> TYPES = Map.of(
            "integer", "an integer",
            "number", "a number",
            "string", "a string",
            "boolean", "true or false",
            "object", "a JSON object",
            "array", "an array",
            "null", "null");

    /** Array indexes in number order, names in text order; an object's own errors before its fields'. */
    private static final Comparator<Located> BY_FIELD =
            Comparator.comparing(Located::path, SchemaViolations::comparePaths).thenComparing(Located::message);

    private final JsonNode document;

    /** {@code document}: the schema the errors come from, for the fields an unknown one could have been. */
    SchemaViolations(JsonNode document) {
        this.document = document;
    }

    /** A value of the wrong type gets that complaint alone (not also "must be one of …"). */
    List<Violation> of(List<Error> errors) {
        List<Located> located = errors.stream().map(this::located).toList();
        Set<List<Object>> wrongType =
                located.stream().filter(Located::wrongType).map(Located::path).collect(Collectors.toSet());
        return located.stream()
                .filter(found -> found.wrongType() || !wrongType.contains(found.path()))
                .sorted(BY_FIELD)
                .map(found -> new Violation(field(found.path()), found.message()))
                .distinct()
                .toList();
    }

    /** {@code parent.name} for an object's field, {@code parent[3]} for an array's item. */
    static String child(String parent, Object element) {
        return element instanceof Integer index ? parent + "[" + index + "]" : parent + "." + element;
    }

    private Located located(Error error) {
        String keyword = String.valueOf(error.getKeyword());
        return new Located(path(error), keyword, message(keyword, error));
    }

    private String message(String keyword, Error error) {
        JsonNode limit = error.getSchemaNode();
        return switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a field of this job type" + known(error);
            case "type" -> type(limit, error);
            case "enum" -> "must be one of " + join(limit, ", ");
            case "minimum" -> "must be at least " + limit;
            case "maximum" -> "must be at most " + limit;
            case "exclusiveMinimum" -> "must be more than " + limit;
            case "exclusiveMaximum" -> "must be less than " + limit;
            case "minLength" -> "must be at least " + count(limit, "character");
            case "maxLength" -> "must be at most " + count(limit, "character");
            case "minItems" -> "must have at least " + count(limit, "item");
            case "maxItems" -> "must have at most " + count(limit, "item");
            default -> error.getMessage();
        };
    }

    /** {@code "integer"} or {@code ["integer", "null"]}, in words. */
    private static String type(JsonNode types, Error error) {
        List<JsonNode> names = types.isArray() ? List.copyOf(types.values()) : List.of(types);
        if (!names.stream().allMatch(name -> TYPES.containsKey(name.asString()))) {
            return error.getMessage();
        }
        return "must be "
                + names.stream().map(name -> TYPES.get(name.asString())).collect(Collectors.joining(" or "));
    }

    /** The fields of the object schema beside the {@code additionalProperties} that refused one. */
    private String known(Error error) {
        StringBuilder pointer = new StringBuilder();
        NodePath keyword = error.getSchemaLocation().getFragment();
        for (int i = 0; i < keyword.getNameCount() - 1; i++) {
            pointer.append('/').append(keyword.getName(i).replace("~", "~0").replace("/", "~1"));
        }
        JsonNode properties = document.at(pointer.toString()).path("properties");
        return properties.isObject() && !properties.isEmpty()
                ? "; known: " + String.join(", ", properties.propertyNames())
                : "";
    }

    private static String count(JsonNode limit, String unit) {
        return limit + " " + unit + (limit.asInt() == 1 ? "" : "s");
    }

    private static String join(JsonNode values, String separator) {
        return values.valueStream()
                .map(value -> value.isString() ? value.stringValue() : value.toString())
                .collect(Collectors.joining(separator));
    }

    /** Where the error is: its instance location, and the property for {@code required} and unknown fields. */
    private static List<Object> path(Error error) {
        NodePath location = error.getInstanceLocation();
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            path.add(location.getElement(i));
        }
        if (error.getProperty() != null) {
            path.add(error.getProperty());
        }
        return path;
    }

    private static String field(List<Object> path) {
        String field = "payload";
        for (Object element : path) {
            field = child(field, element);
        }
        return field;
    }

    private static int comparePaths(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = a.get(i) instanceof Integer x && b.get(i) instanceof Integer y
                    ? Integer.compare(x, y)
                    : a.get(i).toString().compareTo(b.get(i).toString());
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private record Located(List<Object> path, String keyword, String message) {

        boolean wrongType() {
            return keyword.equals("type");
        }
    }
}
