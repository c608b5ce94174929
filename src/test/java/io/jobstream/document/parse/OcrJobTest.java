package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * OCR in a {@code parse} job: a scanned page (a PDF whose only page is a picture of text) is
 * read with {@code extraction_method: ocr} and flagged as OCR'd in the documents list; with
 * {@code text} the same page comes back empty and not OCR'd; the job type's catalog entry
 * says OCR is available, in English. The tests that need Tesseract are skipped where it is
 * not installed (CI installs it).
 */
@JobstreamTest
class OcrJobTest {

    private static final String SCANNED = "INVOICE NUMBER 4711 PAID";

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    ParseJobs jobs;
    Map<String, String> scan;

    @BeforeEach
    void aScannedPage() {
        alice = ApiClient.as("ocr-" + UUID.randomUUID(), port);
        jobs = new ParseJobs(alice);
        scan = ParseJobs.inline(new TestDocuments(directory).imageOnlyPdf("scan.pdf", List.of(SCANNED)));
    }

    @Test
    void ocrReadsTheScannedWordsAndFlagsThePage() {
        assumeTesseract();

        String id = jobs.submit(Map.of("documents", List.of(scan), "extraction_method", "ocr"));
        jobs.awaitEnd(id, "completed");

        JsonNode document = jobs.documents(id).getFirst();
        assertThat(document.get("metadata").get("file_type").asString()).isEqualTo("application/pdf");
        assertThat(document.get("pages")).singleElement().satisfies(page -> {
            assertThat(page.get("ocr").asBoolean()).isTrue();
            assertThat(page.get("characters").asInt()).isPositive();
        });
        assertThat(jobs.artifact(id, "document-0.txt")).contains("INVOICE", "NUMBER", "4711", "PAID");
        assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                .singleElement()
                .satisfies(chunk -> assertThat(chunk.get("text").asString()).contains("4711"));
    }

    @Test
    void textOnlyLeavesTheScannedPageEmptyAndNotOcrd() {
        String id = jobs.submit(Map.of("documents", List.of(scan), "extraction_method", "text"));
        jobs.awaitEnd(id, "completed");

        JsonNode document = jobs.documents(id).getFirst();
        assertThat(document.get("status").asString()).isEqualTo("completed");
        assertThat(document.get("pages")).singleElement().satisfies(page -> {
            assertThat(page.get("ocr").asBoolean()).isFalse();
            assertThat(page.get("characters").asInt()).isZero();
        });
        assertThat(document.get("chunk_count").asInt()).isZero();
    }

    @Test
    void theCatalogSaysOcrIsAvailableInEnglish() {
        assumeTesseract();

        JsonNode ocr = alice.getJson("/api/job-types/parse").get("capabilities").get("ocr");

        assertThat(ocr.get("available").asBoolean()).isTrue();
        assertThat(ocr.get("languages")).extracting(JsonNode::asString).contains("eng");
    }

    /** Tesseract is looked for as the service does, on the {@code PATH}, not by asking the service. */
    private static void assumeTesseract() {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "tesseract"))
                .anyMatch(Files::isExecutable);
        Assumptions.assumeTrue(installed, "tesseract is not on the PATH");
    }
}
