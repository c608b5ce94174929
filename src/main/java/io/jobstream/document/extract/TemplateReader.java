package io.jobstream.document.extract;

import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a template from JSON, the built-in ones and those in payloads alike, and says what
 * the payload schema cannot: field names that repeat, a rule with neither or both of
 * {@code regex} and {@code label}, regular expressions that do not compile.
 */
final class TemplateReader {

    /** What reading gave: the template if nothing is wrong with it, else what is. */
    record Reading(@Nullable Template template, List<Violation> violations) {}

    private TemplateReader() {}

    /**
     * @param node a template as the payload schema describes it
     * @param path where it is in the request, for violations ({@code payload.template})
     * @param dateFormat how a field without its own {@code date_format} reads numeric dates
     */
    static Reading read(JsonNode node, String path, DateFormat dateFormat) {
        List<Violation> violations = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = node.path("fields");
        for (int index = 0; index < list.size(); index++) {
            String at = path + ".fields[" + index + "]";
            JsonNode field = list.get(index);
            String name = field.path("name").asString();
            if (!names.add(name)) {
                violations.add(new Violation(at + ".name", "another field is named " + name + " already"));
            }
            Rule rule = rule(field.path("rule"), at + ".rule", violations);
            if (rule != null) {
                fields.add(new Field(
                        name,
                        FieldType.fromWireName(field.path("type").asString()),
                        rule,
                        field.path("required").asBoolean(false),
                        field.has("date_format")
                                ? DateFormat.fromWireName(
                                        field.get("date_format").asString())
                                : dateFormat));
            }
        }
        if (list.isEmpty()) {
            violations.add(new Violation(path + ".fields", "must list at least one field"));
        }
        Template template =
                violations.isEmpty() ? new Template(node.path("name").asString("custom"), fields) : null;
        return new Reading(template, violations);
    }

    private static @Nullable Rule rule(JsonNode rule, String path, List<Violation> violations) {
        boolean regex = rule.has("regex");
        if (regex == rule.has("label")) {
            violations.add(new Violation(path, "give regex or label, exactly one of them"));
            return null;
        }
        if (regex) {
            if (rule.has("position") || rule.has("pattern")) {
                violations.add(new Violation(path, "position and pattern go with a label, not a regex"));
                return null;
            }
            Pattern pattern = compile(rule.get("regex").asString(), "regex", path, violations);
            return pattern == null ? null : new Rule.Regex(pattern);
        }
        Pattern pattern =
                rule.has("pattern") ? compile(rule.get("pattern").asString(), "pattern", path, violations) : null;
        if (rule.has("pattern") && pattern == null) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        JsonNode label = rule.get("label");
        if (label.isArray()) {
            label.forEach(one -> labels.add(one.asString()));
        } else {
            labels.add(label.asString());
        }
        if (labels.stream().anyMatch(String::isBlank)) {
            violations.add(new Violation(path, "a label must have more than white space"));
            return null;
        }
        Rule.Position position =
                Rule.Position.fromWireName(rule.path("position").asString("right_or_below"));
        return new Rule.Label(labels, position, pattern);
    }

    private static @Nullable Pattern compile(String regex, String what, String path, List<Violation> violations) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            violations.add(new Violation(
                    path,
                    what + " is not a valid regular expression: " + e.getDescription() + " near index "
                            + e.getIndex()));
            return null;
        } catch (StackOverflowError e) {
            // java.util.regex compiles recursively: a deeply nested pattern can exhaust the stack
            violations.add(new Violation(path, what + " is nested too deeply"));
            return null;
        }
    }
}
