package io.jobstream.document.extract;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What a template found in one document: every field of the template, in its order, found or not. */
record Extraction(List<Found> fields) {

    /** One field and its value; null when the document does not have it. */
    record Found(Field field, @Nullable FieldValue value) {}

    Extraction {
        fields = List.copyOf(fields);
    }

    /** The names of the required fields that were not found, in the template's order. */
    List<String> missingRequired() {
        return fields.stream()
                .filter(found -> found.field().required() && found.value() == null)
                .map(found -> found.field().name())
                .toList();
    }

    /** {@code structured_data}: each field by name, {@code {"value", "page", "text"}}, all null when not found. */
    ObjectNode toJson() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Found found : fields) {
            FieldValue value = found.value();
            data.set(found.field().name(), value == null ? FieldValue.missing() : value.toJson());
        }
        return data;
    }
}
