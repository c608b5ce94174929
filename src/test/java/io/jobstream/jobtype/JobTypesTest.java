package io.jobstream.jobtype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import io.jobstream.system.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Payloads checked against a type's JSON Schema: nested fields named by path, in a stable order. */
class JobTypesTest {

    /** Like the document types to come: an array of objects. */
    private static final String DOCUMENTS = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "required": ["documents"],
              "properties": {
                "documents": {
                  "type": "array",
                  "minItems": 1,
                  "maxItems": 20,
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["url"],
                    "properties": {
                      "url": {"type": "string", "minLength": 8, "maxLength": 40},
                      "pages": {"type": ["integer", "null"], "minimum": 1}
                    }
                  }
                },
                "mode": {"const": "fast"},
                "note": {"type": "string"}
              }
            }
            """;

    private final JobTypes types = new JobTypes(List.of(type("documents", DOCUMENTS)));

    @Test
    void nestedWrongFieldIsNamedByPath() {
        assertThat(violations("{\"documents\": [{\"url\": \"https://a.example\"}, {\"url\": 42}]}"))
                .containsExactly(new Violation("payload.documents[1].url", "must be a string"));
    }

    @Test
    void nestedMissingAndUnknownFieldsAreNamedByPath() {
        assertThat(violations("{\"documents\": [{\"pages\": 2}, {\"url\": \"https://a.example\", \"title\": \"t\"}]}"))
                .containsExactly(
                        new Violation("payload.documents[0].url", "is required"),
                        new Violation(
                                "payload.documents[1].title", "is not a field of this job type; known: url, pages"));
    }

    @Test
    void violationsAreSortedByFieldWithIndexesInNumberOrder() {
        String ten = "{\"url\": \"https://a.example\"}, ".repeat(10);
        assertThat(violations("{\"zz\": 1, \"documents\": [" + ten + "{\"url\": 1}, {\"url\": \"x\"}], \"note\": 2}"))
                .containsExactly(
                        new Violation("payload.documents[10].url", "must be a string"),
                        new Violation("payload.documents[11].url", "must be at least 8 characters"),
                        new Violation("payload.note", "must be a string"),
                        new Violation("payload.zz", "is not a field of this job type; known: documents, mode, note"));
        assertThat(violations("{\"documents\": [{\"url\": 3}, " + ten + "{\"url\": 1}]}"))
                .extracting(Violation::field)
                .containsExactly("payload.documents[0].url", "payload.documents[11].url");
    }

    @Test
    void boundsOfArraysStringsAndUnionTypesAreInWords() {
        assertThat(violations("{\"documents\": []}"))
                .containsExactly(new Violation("payload.documents", "must have at least 1 item"));
        assertThat(violations("{\"documents\": [{\"url\": \"https://" + "a".repeat(40) + "\"}]}"))
                .containsExactly(new Violation("payload.documents[0].url", "must be at most 40 characters"));
        assertThat(violations("{\"documents\": [{\"url\": \"https://a.example\", \"pages\": \"two\"}]}"))
                .containsExactly(new Violation("payload.documents[0].pages", "must be an integer or null"));
        assertThat(violations("{\"documents\": [{\"url\": \"https://a.example\", \"pages\": null}]}"))
                .isEmpty();
    }

    @Test
    void otherKeywordsKeepTheValidatorsOwnMessage() {
        assertThat(violations("{\"documents\": [{\"url\": \"https://a.example\"}], \"mode\": \"slow\"}"))
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("payload.mode");
                    assertThat(violation.message()).isNotBlank();
                });
    }

    @Test
    void stringsWithNulAreRefusedWherePostgresqlCannotStoreThem() {
        assertThat(violations("{\"documents\": [{\"url\": \"https://a\\u0000.example\"}]}"))
                .containsExactly(new Violation("payload.documents[0].url", "must not contain NUL characters"));
    }

    @Test
    void floatsBeyondTheLongRangeAreCheckedNotThrown() {
        assertThat(violations("{\"documents\": [{\"url\": \"https://a.example\", \"pages\": -1e19}]}"))
                .containsExactly(new Violation("payload.documents[0].pages", "must be at least 1"));
        assertThat(violations("{\"documents\": [{\"url\": \"https://a.example\", \"pages\": 1e30}]}"))
                .isEmpty();
    }

    @Test
    void unknownTypeNamesTheKnownOnes() {
        assertThatThrownBy(() -> types.validate("nope", JsonMapper.shared().readTree("{}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations())
                                .containsExactly(
                                        new Violation("type", "unknown job type 'nope'; known types: documents")));
        assertThatThrownBy(() -> types.get("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anInvalidSchemaStopsTheStart() {
        assertThatThrownBy(() -> new JobTypes(List.of(type("broken", "{\"type\": \"integr\"}"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken");
        assertThatThrownBy(() -> new JobTypes(List.of(type("old", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}
                """))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2020-12");
        assertThatThrownBy(() -> new JobTypes(List.of(type("twice", "{}"), type("twice", "{}"))))
                .isInstanceOf(IllegalStateException.class);
    }

    private List<Violation> violations(String payload) {
        try {
            types.validate("documents", JsonMapper.shared().readTree(payload));
            return List.of();
        } catch (InvalidInputException e) {
            return e.violations();
        }
    }

    private static JobType type(String name, String schema) {
        JsonNode document = JsonMapper.shared().readTree(schema);
        return new JobType() {
            public String name() {
                return name;
            }

            public String description() {
                return "a test type";
            }

            public JsonNode payloadSchema() {
                return document;
            }

            public List<String> stageNames() {
                return List.of("only");
            }

            public List<Stage> stages(JsonNode payload) {
                return List.of();
            }
        };
    }
}
