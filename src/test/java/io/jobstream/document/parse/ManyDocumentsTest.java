package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A job of 25 documents, two of them corrupt PDFs: the other 23 are parsed and the job
 * completes with the failures listed; with {@code fail_fast} the job fails at the first corrupt
 * one and reads nothing after it.
 */
@JobstreamTest
class ManyDocumentsTest {

    private static final int DOCUMENTS = 25;
    private static final Set<Integer> CORRUPT = Set.of(6, 17);

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ParseJobs jobs;
    List<Map<String, String>> documents;

    @BeforeEach
    void twentyFiveDocumentsTwoOfThemCorrupt() {
        jobs = new ParseJobs(ApiClient.as("many-" + UUID.randomUUID(), port));
        TestDocuments make = new TestDocuments(directory);
        documents = new ArrayList<>();
        for (int index = 0; index < DOCUMENTS; index++) {
            documents.add(document(make, index));
        }
    }

    @Test
    void twoCorruptFilesFailAloneAndTheJobCompletesWithTheOther23() {
        String id = jobs.submit(Map.of("documents", documents));

        JsonNode job = jobs.awaitEnd(id, "completed");

        assertThat(job.get("total_documents").asInt()).isEqualTo(25);
        assertThat(job.get("processed_count").asInt()).isEqualTo(23);
        assertThat(job.get("failed_count").asInt()).isEqualTo(2);
        List<JsonNode> listed = jobs.documents(id);
        assertThat(listed).hasSize(25);
        for (JsonNode document : listed) {
            int index = document.get("index").asInt();
            if (CORRUPT.contains(index)) {
                assertThat(document.get("status").asString()).isEqualTo("failed");
                assertThat(document.get("error_code").asString()).isEqualTo("PARSE_ERROR");
                assertThat(document.get("error").asString()).contains(name(index));
            } else {
                assertThat(document.get("status").asString()).as(name(index)).isEqualTo("completed");
                assertThat(document.get("error_code").isNull()).isTrue();
                assertThat(document.get("chunk_count").asInt()).isEqualTo(1);
            }
        }
        assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                .extracting(chunk -> chunk.get("document_index").asInt())
                .hasSize(23)
                .doesNotContainAnyElementsOf(CORRUPT);
        assertThat(job.get("result").get("processed_count").asInt()).isEqualTo(23);
        assertThat(job.get("result").get("failed_count").asInt()).isEqualTo(2);
    }

    @Test
    void withFailFastTheJobFailsAtTheFirstCorruptFileAndReadsNothingAfterIt() {
        String id = jobs.submit(Map.of("documents", documents, "fail_fast", true));

        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(job.get("error").asString()).contains(name(6));
        assertThat(job.get("total_documents").asInt()).isEqualTo(25);
        assertThat(job.get("processed_count").asInt()).isEqualTo(6);
        assertThat(job.get("failed_count").asInt()).isEqualTo(1);
        List<JsonNode> listed = jobs.documents(id);
        assertThat(listed)
                .extracting(document -> document.get("status").asString())
                .containsExactlyElementsOf(firstSixCompletedThenOneFailedThenQueued());
        assertThat(listed.get(6).get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(listed.get(6).get("error").asString()).contains(name(6));
        assertThat(listed.subList(7, 25))
                .allSatisfy(document -> assertThat(document.get("pages").isNull())
                        .as("document %s has no pages", document.get("index"))
                        .isTrue());
        assertThat(jobs.artifactNames(id))
                .contains("document-0.txt", "document-5.txt")
                .doesNotContain("document-7.txt", "document-24.txt", "chunks.jsonl");
    }

    /** Odd documents are one-page PDFs, even ones text; the corrupt ones are PDF headers followed by junk. */
    private static Map<String, String> document(TestDocuments make, int index) {
        String name = name(index);
        if (CORRUPT.contains(index)) {
            return ParseJobs.inline(make.corruptPdf(name));
        }
        String text = "Document " + index + " says hello.";
        if (index % 2 == 1) {
            return ParseJobs.inline(make.textPdf(name, "Document " + index, "Ada", List.of(text)));
        }
        return ParseJobs.inline(name, text);
    }

    private static String name(int index) {
        String base = String.format("doc-%02d", index);
        if (CORRUPT.contains(index)) {
            return "broken-" + base + ".pdf";
        }
        return index % 2 == 1 ? base + ".pdf" : base + ".txt";
    }

    private static List<String> firstSixCompletedThenOneFailedThenQueued() {
        List<String> statuses = new ArrayList<>(Collections.nCopies(6, "completed"));
        statuses.add("failed");
        statuses.addAll(Collections.nCopies(DOCUMENTS - 7, "queued"));
        return statuses;
    }
}
