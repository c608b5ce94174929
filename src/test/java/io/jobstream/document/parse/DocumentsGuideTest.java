package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import io.jobstream.support.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The quick start of docs/documents.md, as it stands there, run by bash and curl against the
 * running application: upload, parse, follow, documents, artifacts. So the guide's commands and
 * JSON bodies cannot drift from what the API accepts.
 */
@JobstreamTest
class DocumentsGuideTest {

    private static final Path GUIDE = Path.of("docs/documents.md");

    @LocalServerPort
    int port;

    @Test
    void quickStartUploadsParsesAndListsTheDocument(@TempDir Path directory) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        String user = "guide-" + UUID.randomUUID();
        new TestDocuments(directory)
                .textPdf(
                        "report.pdf",
                        "Quarterly report",
                        "Ada Lovelace",
                        List.of("Revenue grew in the first quarter.", "Costs fell in the second quarter."));

        String output = runInShell(quickStart(), directory, Tokens.forUser(user));

        ApiClient client = ApiClient.as(user, port);
        JsonNode jobs = client.getJson("/api/jobs?type=parse").get("jobs");
        assertThat(jobs)
                .as("the guide's commands submitted one parse job; they printed:\n%s", output)
                .hasSize(1);
        String id = jobs.get(0).get("id").asString();
        JsonNode job = client.awaitStatus(id, "completed");
        assertThat(job.get("processed_count").asInt()).isEqualTo(1);
        JsonNode document =
                client.getJson("/api/jobs/{id}/documents", id).get("documents").get(0);
        assertThat(document.get("metadata").get("filename").asString()).isEqualTo("report.pdf");
        assertThat(document.get("chunk_count").asInt()).isEqualTo(2);
        assertThat(output)
                .contains("event:completed")
                .contains("\"documents\":[{\"index\":0,\"file_id\":\"")
                .contains("\"name\":\"chunks.jsonl\"")
                .contains("{\"document_index\":0,\"chunk_index\":1,\"text\":\"Costs fell in the second quarter.\"");
    }

    /** The guide's first sh block: the quick start. */
    private String quickStart() throws IOException {
        String guide = Files.readString(GUIDE);
        String block = guide.substring(guide.indexOf("```sh\n") + "```sh\n".length());
        return block.substring(0, block.indexOf("```")).replace("localhost:8080", "localhost:" + port);
    }

    private static String runInShell(String script, Path directory, String token) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        shell.environment().put("TOKEN", token);
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(ApiClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the guide's commands ended")
                .isTrue();
        assertThat(process.exitValue())
                .as("exit code of the guide's commands; output:\n%s", output)
                .isZero();
        return output;
    }
}
