package io.jobstream.document.extract;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A field found in a document: its normalised value, the page it is on, and the text the rule matched there. */
record FieldValue(JsonNode value, int page, String text) {

    /** Longer matches are cut: the text is there to show where the value came from, not to carry pages. */
    static final int MAX_TEXT = 300;

    FieldValue {
        text = text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("value", value);
        return node.put("page", page).put("text", text);
    }

    /** How the result shows a field that was not found. */
    static ObjectNode missing() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        return node.putNull("value").putNull("page").putNull("text");
    }
}
