package io.jobstream.document.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.system.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What submit refuses in a payload's template beyond its schema, each violation naming the field. */
class TemplateReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRegexThatDoesNotCompileNamesItsField() {
        List<Violation> violations = violations(
                Map.of("name", "ok", "type", "string", "rule", Map.of("regex", "fine (\\d+)")),
                Map.of("name", "broken", "type", "string", "rule", Map.of("regex", "total (\\d+")));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("payload.template.fields[1].rule");
            assertThat(violation.message()).startsWith("regex is not a valid regular expression: Unclosed group");
        });
    }

    @Test
    void aLabelsPatternMustCompileToo() {
        assertThat(violations(
                        Map.of("name", "n", "type", "string", "rule", Map.of("label", "Total", "pattern", "[a-"))))
                .extracting(Violation::field)
                .containsExactly("payload.template.fields[0].rule");
    }

    @Test
    void aRuleHasExactlyOneOfRegexAndLabelAndNamesDoNotRepeat() {
        assertThat(violations(
                        Map.of("name", "a", "type", "string", "rule", Map.of("regex", "x", "label", "y")),
                        Map.of("name", "b", "type", "string", "rule", Map.of()),
                        Map.of("name", "c", "type", "string", "rule", Map.of("regex", "x", "position", "below")),
                        Map.of("name", "c", "type", "string", "rule", Map.of("label", "c"))))
                .extracting(Violation::field)
                .containsExactly(
                        "payload.template.fields[0].rule",
                        "payload.template.fields[1].rule",
                        "payload.template.fields[2].rule",
                        "payload.template.fields[3].name");
    }

    @Test
    void aBuiltInTemplateIsNamedAndAFieldsDateFormatWinsOverThePayloads() {
        Template invoice =
                Templates.valid(JSON.readTree("{\"template\": \"invoice\", \"date_format\": \"mm/dd/yyyy\"}"));
        Template own = Templates.valid(JSON.valueToTree(Map.of(
                "date_format",
                "mm/dd/yyyy",
                "template",
                Map.of(
                        "fields",
                        List.of(Map.of(
                                "name",
                                "d",
                                "type",
                                "date",
                                "date_format",
                                "dd/mm/yyyy",
                                "rule",
                                Map.of("label", "d")))))));

        assertThat(invoice.name()).isEqualTo("invoice");
        assertThat(invoice.fields()).extracting(Field::dateFormat).containsOnly(DateFormat.MONTH_FIRST);
        assertThat(own.name()).isEqualTo("custom");
        assertThat(own.fields().getFirst().dateFormat()).isEqualTo(DateFormat.DAY_FIRST);
    }

    @SafeVarargs
    private static List<Violation> violations(Map<String, Object>... fields) {
        return Templates.of(JSON.valueToTree(Map.of("template", Map.of("fields", List.of(fields)))))
                .violations();
    }
}
