package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Documents made to hurt the parser, in a job with good ones: a decompression bomb and a file
 * that makes the parser hang ({@code *.hang}, read by the test-only HangingTestParser) fail
 * alone ({@code PARSE_ERROR}, {@code TIMEOUT} at {@code jobstream.parsing.timeout}), the good
 * documents are parsed, and the instance goes on serving: the next job completes.
 */
@JobstreamTest
class HostileDocumentsTest {

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ParseJobs jobs;
    TestDocuments make;

    @BeforeEach
    void client() {
        jobs = new ParseJobs(ApiClient.as("hostile-" + UUID.randomUUID(), port));
        make = new TestDocuments(directory);
    }

    @Test
    void aBombAndAHangFailAloneAndTheGoodDocumentsAndTheNextJobAreParsed() {
        String bomb = jobs.upload(make.docxBomb("bomb.docx", 200));
        String id = jobs.submit(Map.of(
                "documents",
                List.of(
                        ParseJobs.inline(make.textPdf("before.pdf", "Before", "Ada", List.of("Before the bomb."))),
                        Map.of("file_id", bomb),
                        ParseJobs.inline("between.txt", "Between the bomb and the hang."),
                        ParseJobs.inline(make.write("stuck.hang", new byte[] {0, 1, 2, 3})),
                        ParseJobs.inline(make.docx("after.docx", "After", "After the hang.", "End", "The end.")))));

        JsonNode job = jobs.awaitEnd(id, "completed");

        assertThat(job.get("processed_count").asInt()).isEqualTo(3);
        assertThat(job.get("failed_count").asInt()).isEqualTo(2);
        List<JsonNode> documents = jobs.documents(id);
        assertThat(documents)
                .extracting(document -> document.get("status").asString())
                .containsExactly("completed", "failed", "completed", "failed", "completed");
        assertThat(documents.get(1).get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(documents.get(1).get("error").asString()).contains("bomb.docx");
        assertThat(documents.get(3).get("error_code").asString()).isEqualTo("TIMEOUT");
        assertThat(documents.get(3).get("error").asString())
                .startsWith("stuck.hang took longer than ")
                .endsWith(" to parse; its parser was stopped");
        assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                .extracting(chunk -> chunk.get("document_index").asInt() + ":"
                        + chunk.get("text").asString())
                .contains("0:Before the bomb.", "2:Between the bomb and the hang.")
                .anySatisfy(chunk -> assertThat(chunk).startsWith("4:").contains("After the hang."));

        String next =
                jobs.submit(Map.of("documents", List.of(ParseJobs.inline("next.txt", "The instance still parses."))));
        jobs.awaitEnd(next, "completed");
        assertThat(jobs.jsonLines(next, "chunks.jsonl"))
                .extracting(chunk -> chunk.get("text").asString())
                .containsExactly("The instance still parses.");
    }
}
