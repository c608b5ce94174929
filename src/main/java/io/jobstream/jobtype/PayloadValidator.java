package io.jobstream.jobtype;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jobstream.system.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One job type's payload schema, compiled once (at start-up for a built-in type, when it is
 * registered or reloaded for a registered one), and the one check the server adds to it: no
 * NUL in strings, which PostgreSQL's {@code jsonb} cannot store. Schemas load nothing from the
 * network: a {@code $ref} resolves within the document or not at all.
 */
public final class PayloadValidator {

    private static final SpecificationVersion DIALECT = SpecificationVersion.DRAFT_2020_12;
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(DIALECT);

    private final Schema schema;
    private final SchemaViolations violations;

    private PayloadValidator(JsonNode document) {
        this.schema = SCHEMAS.getSchema(document);
        this.schema.initializeValidators();
        this.violations = new SchemaViolations(document);
    }

    /** @throws IllegalStateException if the type's schema is not a valid JSON Schema 2020-12 document */
    PayloadValidator(JobType type) {
        this(checked(type));
    }

    private static JsonNode checked(JobType type) {
        List<String> problems = problems(type.payloadSchema());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Job type " + type.name() + ": invalid payload schema: " + String.join("; ", problems));
        }
        return type.payloadSchema();
    }

    /**
     * A schema sent by a client ({@code PUT /api/job-types/{name}}), compiled.
     *
     * @throws IllegalArgumentException saying what is wrong with it, if it is not a valid JSON
     *     Schema 2020-12 document (an object), or cannot be compiled
     */
    public static PayloadValidator compile(JsonNode document) {
        List<String> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            return new PayloadValidator(document);
        } catch (RuntimeException e) {
            // the meta-schema does not catch everything the compiler refuses (an unresolvable $ref)
            throw new IllegalArgumentException("cannot be compiled: " + e.getMessage(), e);
        }
    }

    /** What makes {@code document} no JSON Schema 2020-12 document: empty if nothing. */
    private static List<String> problems(JsonNode document) {
        if (!document.isObject()) {
            return List.of("must be a JSON Schema (2020-12) document: a JSON object");
        }
        JsonNode dialect = document.path("$schema");
        if (!dialect.isMissingNode() && !DIALECT.getDialectId().equals(dialect.asString())) {
            return List.of("must be JSON Schema " + DIALECT.getDialectId() + ", not " + dialect);
        }
        return SCHEMAS.getSchema(SchemaLocation.of(DIALECT.getDialectId())).validate(document).stream()
                .map(PayloadValidator::describe)
                .toList();
    }

    private static String describe(Error error) {
        String at = error.getInstanceLocation().toString();
        return (at.isEmpty() || at.equals("$") ? "" : at + ": ") + error.getMessage();
    }

    /** What is wrong with {@code payload}, each named by its path ({@code payload.stages}), sorted by field. */
    public List<Violation> validate(JsonNode payload) {
        List<Violation> found = violations.of(schema.validate(widened(payload)));
        if (!found.isEmpty()) {
            return found;
        }
        List<Violation> nul = new ArrayList<>();
        findNul(payload, "payload", nul);
        return nul;
    }

    private static void findNul(JsonNode node, String field, List<Violation> found) {
        if (node.isString() && node.stringValue().indexOf('\0') >= 0) {
            found.add(new Violation(field, "must not contain NUL characters"));
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (property.getKey().indexOf('\0') >= 0) {
                found.add(new Violation(field, "must not contain NUL characters in field names"));
            }
            findNul(property.getValue(), SchemaViolations.child(field, property.getKey()), found);
        }
        for (int index = 0; index < (node.isArray() ? node.size() : 0); index++) {
            findNul(node.get(index), SchemaViolations.child(field, index), found);
        }
    }

    /**
     * {@code node} with floats beyond the 64-bit range ({@code 1e19}) as the same integers:
     * networknt 3.0.9 compares an integer field's bounds with {@code asLong()}, which throws
     * for such a float, where a big integer compares fine. Unchanged (the same instance) if
     * there is none.
     */
    private static JsonNode widened(JsonNode node) {
        if (node.isFloatingPointNumber() && !node.canConvertToLong() && Double.isFinite(node.doubleValue())) {
            BigDecimal value = node.decimalValue();
            return value.stripTrailingZeros().scale() <= 0
                    ? JsonNodeFactory.instance.numberNode(value.toBigInteger())
                    : node;
        }
        JsonNode copy = node;
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            JsonNode value = widened(property.getValue());
            if (value != property.getValue()) {
                copy = copy == node ? node.deepCopy() : copy;
                ((ObjectNode) copy).set(property.getKey(), value);
            }
        }
        for (int index = 0; index < (node.isArray() ? node.size() : 0); index++) {
            JsonNode value = widened(node.get(index));
            if (value != node.get(index)) {
                copy = copy == node ? node.deepCopy() : copy;
                ((ArrayNode) copy).set(index, value);
            }
        }
        return copy;
    }
}
