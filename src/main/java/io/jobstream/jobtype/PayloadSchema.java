package io.jobstream.jobtype;

import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job type's payload: named fields of simple kinds with bounds. Small on purpose; it
 * answers what a client gets wrong with one violation per field, and unknown fields are
 * refused so that a typo never passes silently.
 */
public final class PayloadSchema {

    /** The kinds of value a payload field may hold. */
    public enum Kind {
        INTEGER,
        STRING,
        BOOLEAN
    }

    /** One field; {@code min}/{@code max} bound an integer's value or a string's length. */
    public record Field(
            String name,
            Kind kind,
            boolean required,
            @Nullable Long min,
            @Nullable Long max,
            List<String> allowed,
            String description) {}

    private final Map<String, Field> fields;

    private PayloadSchema(Map<String, Field> fields) {
        this.fields = fields;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    /** Violations name fields as {@code payload.<field>}. */
    public List<Violation> validate(@Nullable JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return List.of(new Violation("payload", "must be a JSON object"));
        }
        List<Violation> violations = new ArrayList<>();
        for (String name : payload.propertyNames()) {
            if (!fields.containsKey(name)) {
                violations.add(new Violation("payload." + name, "is not a field of this job type; known: "
                        + String.join(", ", fields.keySet())));
            }
        }
        for (Field field : fields.values()) {
            JsonNode value = payload.get(field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    violations.add(new Violation("payload." + field.name(), "is required"));
                }
                continue;
            }
            String problem = check(field, value);
            if (problem != null) {
                violations.add(new Violation("payload." + field.name(), problem));
            }
        }
        return violations;
    }

    private static @Nullable String check(Field field, JsonNode value) {
        return switch (field.kind()) {
            case INTEGER -> !value.isIntegralNumber() || !value.canConvertToLong()
                    ? "must be an integer"
                    : bounds(field, value.longValue(), "");
            case STRING -> !value.isString()
                    ? "must be a string"
                    : allowed(field, value.stringValue());
            case BOOLEAN -> value.isBoolean() ? null : "must be true or false";
        };
    }

    private static @Nullable String allowed(Field field, String value) {
        if (value.indexOf('\0') >= 0) {
            return "must not contain NUL characters";
        }
        if (!field.allowed().isEmpty() && !field.allowed().contains(value)) {
            return "must be one of " + String.join(", ", field.allowed());
        }
        return bounds(field, value.length(), " characters");
    }

    private static @Nullable String bounds(Field field, long value, String unit) {
        if (field.min() != null && value < field.min()) {
            return "must be at least " + field.min() + unit;
        }
        if (field.max() != null && value > field.max()) {
            return "must be at most " + field.max() + unit;
        }
        return null;
    }

    /** Collects fields in declaration order. */
    public static final class Builder {

        private final Map<String, Field> fields = new LinkedHashMap<>();

        public Builder integer(String name, boolean required, long min, long max, String description) {
            return add(new Field(name, Kind.INTEGER, required, min, max, List.of(), description));
        }

        public Builder string(String name, boolean required, List<String> allowed, String description) {
            return add(new Field(name, Kind.STRING, required, null, null, List.copyOf(allowed), description));
        }

        public Builder bool(String name, boolean required, String description) {
            return add(new Field(name, Kind.BOOLEAN, required, null, null, List.of(), description));
        }

        private Builder add(Field field) {
            if (fields.putIfAbsent(field.name(), field) != null) {
                throw new IllegalArgumentException("field " + field.name() + " declared twice");
            }
            return this;
        }

        public PayloadSchema build() {
            return new PayloadSchema(new LinkedHashMap<>(fields));
        }
    }
}
