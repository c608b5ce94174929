package io.jobstream.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI 3.1 document, written by hand next to the code it describes
 * ({@code openapi/jobstream.yaml}) and kept true by {@code OpenApiContractTest}, which checks
 * real responses of every endpoint against it. Served as JSON and as YAML, without a token.
 */
@Component
class ApiDocs {

    static final String LOCATION = "openapi/jobstream.yaml";

    private final byte[] yaml;
    private final JsonNode json;

    ApiDocs(JsonMapper mapper) {
        this.yaml = read();
        Map<String, Object> document =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(yaml, StandardCharsets.UTF_8));
        this.json = mapper.valueToTree(document);
    }

    Mono<ServerResponse> json(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json);
    }

    Mono<ServerResponse> yaml(ServerRequest request) {
        return ServerResponse.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue(yaml);
    }

    private static byte[] read() {
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document " + LOCATION + " is missing", e);
        }
    }
}
