package io.jobstream.document.extract;

import io.jobstream.jobtype.JobType;
import io.jobstream.system.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The templates a payload may name ({@code invoice}, {@code receipt}: JSON files under
 * {@code templates/}, documented in docs/job-types.md) and the reading of the payload's
 * {@code template}, a name or a template of its own.
 */
final class Templates {

    private static final Map<String, JsonNode> BUILT_IN = builtIn("invoice", "receipt");

    private Templates() {}

    static Set<String> names() {
        return BUILT_IN.keySet();
    }

    /** The payload's template, read; what is wrong with it if anything. */
    static TemplateReader.Reading of(JsonNode payload) {
        JsonNode template = payload.path("template");
        DateFormat dateFormat =
                DateFormat.fromWireName(payload.path("date_format").asString("auto"));
        if (template.isString()) {
            JsonNode named = BUILT_IN.get(template.asString());
            if (named == null) {
                return new TemplateReader.Reading(
                        null,
                        List.of(new Violation(
                                "payload.template",
                                "no built-in template " + template.asString() + "; " + String.join(", ", names())
                                        + " are")));
            }
            return TemplateReader.read(named, "payload.template", dateFormat);
        }
        return TemplateReader.read(template, "payload.template", dateFormat);
    }

    /** The payload's template, which submit found valid. */
    static Template valid(JsonNode payload) {
        TemplateReader.Reading reading = of(payload);
        if (reading.template() == null) {
            throw new IllegalArgumentException("an invalid template passed submit: " + reading.violations());
        }
        return reading.template();
    }

    private static Map<String, JsonNode> builtIn(String... names) {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode template = JobType.readResource(ExtractJobType.class, "templates/" + name + ".json");
            TemplateReader.Reading reading = TemplateReader.read(template, name, DateFormat.AUTO);
            if (!reading.violations().isEmpty()) {
                throw new IllegalStateException("built-in template " + name + ": " + reading.violations());
            }
            templates.put(name, template);
        }
        return templates;
    }
}
