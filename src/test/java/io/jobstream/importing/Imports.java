package io.jobstream.importing;

import io.jobstream.support.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** What the tests of {@code import} do through the API as one user: write and upload files of lines, submit imports. */
final class Imports {

    /**
     * A line every test may import by the thousand: a demo job of one stage that takes no
     * time, so the jobs an import creates cost the shared test context next to nothing.
     */
    static final String DEMO_LINE = "{\"type\":\"demo\",\"payload\":{\"stages\":1}}";

    private final ApiClient user;

    Imports(ApiClient user) {
        this.user = user;
    }

    /** {@code count} lines, line {@code n} (from 1) as {@code line} makes it, each ended by a newline. */
    static String lines(int count, IntFunction<String> line) {
        return IntStream.rangeClosed(1, count).mapToObj(line).collect(Collectors.joining("\n", "", "\n"));
    }

    /** Uploads {@code content} as a file; its id. */
    String upload(String filename, String content) {
        return user.http()
                .post()
                .uri("/api/files?filename={name}", filename)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(content.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("files")
                .get(0)
                .get("id")
                .asString();
    }

    /** Submits an import of the file under {@code idempotencyKey} (null: none); the response, its status unchecked. */
    WebTestClient.ResponseSpec submit(String fileId, String idempotencyKey) {
        return user.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .bodyValue(Map.of("type", "import", "payload", Map.of("file_id", fileId)))
                .exchange();
    }

    /** Submits an import of the file, which must be created; its id. */
    String submit(String fileId) {
        return user.submit("import", Map.of("file_id", fileId)).get("id").asString();
    }

    /** How many jobs the batch has, as {@code GET /api/jobs?batch_id=} counts them. */
    long jobsInBatch(String batchId) {
        return user.getJson("/api/jobs?batch_id={id}&limit=1", batchId)
                .get("total")
                .asLong();
    }

    /** The fields of a refused line's errors, in order. */
    static List<String> fields(JsonNode refusedLine) {
        return refusedLine
                .get("errors")
                .valueStream()
                .map(error -> error.get("field").asString())
                .toList();
    }
}
