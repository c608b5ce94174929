package io.jobstream.document.parse;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One JSON object and a newline: a line of a {@code .jsonl} artifact. */
final class JsonLines {

    private JsonLines() {}

    static byte[] line(JsonMapper json, JsonNode node) {
        byte[] object = json.writeValueAsBytes(node);
        byte[] line = Arrays.copyOf(object, object.length + 1);
        line[object.length] = '\n';
        return line;
    }
}
