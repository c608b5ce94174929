package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.DocumentServer;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code parse} end to end, as a user runs it: files uploaded through the API, URLs served on
 * 127.0.0.1, inline content; the job's documents, its chunks artifact and its result.
 */
@JobstreamTest
class ParseJobTest {

    /** A parser JVM starts first, and the embedding model loads: seconds each on a busy machine. */
    private static final Duration DOCUMENT_JOB = Duration.ofMinutes(2);

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    ParseJobs jobs;
    TestDocuments make;

    @BeforeEach
    void client() {
        alice = ApiClient.as("parse-" + UUID.randomUUID(), port);
        jobs = new ParseJobs(alice);
        make = new TestDocuments(directory);
    }

    @Test
    void aPdfADocxAndAnHtmlPageComeBackAsTextPerPageWithChunkPageSpansAndMetadata() {
        String pdf = jobs.upload(make.textPdf(
                "report.pdf",
                "Quarterly report",
                "Ada Lovelace",
                List.of(
                        "Alpha page talks about apples.",
                        "Beta page talks about bananas.",
                        "Gamma page talks about grapes.")));
        String docx = jobs.upload(make.docx(
                "notes.docx", "Introduction", "Jobstream parses documents.", "Details", "Chunks know their pages."));
        String html =
                "<html><head><title>Caf\u00e9 menu</title></head><body><h1>Menu</h1><p>Espresso and croissants.</p>"
                        + "</body></html>";

        JsonNode job = alice.submit(
                "parse",
                Map.of(
                        "documents",
                        List.of(
                                Map.of("file_id", pdf),
                                Map.of("file_id", docx),
                                Map.of("content_base64", base64(html), "filename", "menu.html")),
                        "chunking",
                        Map.of("strategy", "by_page")));
        String id = job.get("id").asString();
        JsonNode done = alice.awaitStatus(id, "completed", DOCUMENT_JOB);

        assertThat(done.get("total_documents").asInt()).isEqualTo(3);
        assertThat(done.get("processed_count").asInt()).isEqualTo(3);
        assertThat(done.get("failed_count").asInt()).isZero();
        JsonNode documents = alice.getJson("/api/jobs/{id}/documents", id).get("documents");
        assertThat(documents).hasSize(3);
        JsonNode first = documents.get(0);
        assertThat(first.get("file_id").asString()).isEqualTo(pdf);
        assertThat(first.get("status").asString()).isEqualTo("completed");
        assertThat(first.get("metadata").get("file_type").asString()).isEqualTo("application/pdf");
        assertThat(first.get("metadata").get("pages").asInt()).isEqualTo(3);
        assertThat(first.get("metadata").get("title").asString()).isEqualTo("Quarterly report");
        assertThat(first.get("metadata").get("author").asString()).isEqualTo("Ada Lovelace");
        assertThat(first.get("metadata").get("filename").asString()).isEqualTo("report.pdf");
        assertThat(first.get("pages")).hasSize(3);
        assertThat(first.get("pages").get(1).get("ocr").asBoolean()).isFalse();
        assertThat(first.get("chunk_count").asInt()).isEqualTo(3);
        assertThat(documents.get(2).get("filename").asString()).isEqualTo("menu.html");
        assertThat(documents.get(2).get("metadata").get("title").asString()).isEqualTo("Caf\u00e9 menu");

        List<JsonNode> chunks = jobs.jsonLines(id, "chunks.jsonl");
        assertThat(chunks)
                .filteredOn(chunk -> chunk.get("document_index").asInt() == 0)
                .extracting(chunk -> chunk.get("page_start").asInt() + ":"
                        + chunk.get("text").asString())
                .containsExactly(
                        "1:Alpha page talks about apples.",
                        "2:Beta page talks about bananas.",
                        "3:Gamma page talks about grapes.");
        assertThat(chunks)
                .filteredOn(chunk -> chunk.get("document_index").asInt() == 1)
                .extracting(chunk -> chunk.get("text").asString())
                .anySatisfy(text -> assertThat(text).contains("Chunks know their pages."));
        assertThat(alice.artifact(id, "document-0.txt")).contains("Beta page talks about bananas.");

        JsonNode result = done.get("result");
        assertThat(result.get("processed_count").asInt()).isEqualTo(3);
        assertThat(result.get("chunk_count").asInt()).isEqualTo(chunks.size());
        assertThat(result.get("preview").get(0).get("text").asString()).isEqualTo("Alpha page talks about apples.");
    }

    @Test
    void aDocumentByUrlIsFetchedFromALocalServerAndAnAliasNamesTheType() {
        try (DocumentServer server = DocumentServer.start()) {
            server.document(
                    "/guide.txt",
                    "text/plain; charset=utf-8",
                    "Fetched from a server on the loopback address.".getBytes(StandardCharsets.UTF_8));

            String id = alice.submit(
                            "document_processing",
                            Map.of("input_url", server.url("/guide.txt").toString()))
                    .get("id")
                    .asString();
            JsonNode done = alice.awaitStatus(id, "completed", DOCUMENT_JOB);

            assertThat(done.get("type").asString()).isEqualTo("parse");
            assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                    .extracting(chunk -> chunk.get("text").asString())
                    .containsExactly("Fetched from a server on the loopback address.");
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
