package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

/**
 * A parser child outlives the document it read: the next document is read by a child that is
 * already up (starting one takes seconds), not by a new one.
 */
@JobstreamTest
class ParserChildReuseTest {

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    @Test
    void parseJobsOneAfterAnotherLeaveTheirParserChildrenRunning() throws IOException {
        ApiClient user = ApiClient.as("reuse-" + UUID.randomUUID(), port);
        Path pdf = new TestDocuments(directory).textPdf("one.pdf", "One", "Ada", List.of("A page to read."));
        String fileId = upload(user, pdf);

        parse(user, fileId);
        Set<Long> afterFirst = parserChildren();
        parse(user, fileId);
        Set<Long> afterSecond = parserChildren();

        assertThat(afterFirst).isNotEmpty();
        assertThat(afterSecond).containsAll(afterFirst);
    }

    private static void parse(ApiClient user, String fileId) {
        String id = user.submit("parse", Map.of("documents", List.of(Map.of("file_id", fileId))))
                .get("id")
                .asString();
        user.awaitStatus(id, "completed");
    }

    /** The live parser children of this JVM, by their command line in {@code /proc}. */
    private static Set<Long> parserChildren() {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> commandLine(child).contains("ParserChild"))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    private static String upload(ApiClient user, Path file) throws IOException {
        return user.http()
                .post()
                .uri("/api/files?filename={name}", file.getFileName().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(Files.readAllBytes(file))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("files")
                .get(0)
                .get("id")
                .asString();
    }
}
