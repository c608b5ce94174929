package io.jobstream.system;

import java.util.Arrays;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON Lines ({@code .jsonl}): one JSON object and a newline per record, streamed a buffer per line. */
public final class JsonLines {

    private JsonLines() {}

    public static DataBuffer line(JsonMapper json, JsonNode node) {
        byte[] object = json.writeValueAsBytes(node);
        byte[] line = Arrays.copyOf(object, object.length + 1);
        line[object.length] = '\n';
        return DefaultDataBufferFactory.sharedInstance.wrap(line);
    }
}
