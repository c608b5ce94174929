package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.ParserProcesses;
import io.jobstream.support.TestDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * A {@code parse} job stopped part-way, as a user and an operator see it: its instance killed
 * (the job resumes on another one and reads only the documents not finished yet), or cancelled
 * during a long OCR (cancelled at once, its parser and Tesseract killed). Both need Tesseract
 * and are skipped where it is not installed (CI installs it).
 */
@JobstreamTest
class ParseInterruptionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @TempDir
    Path directory;

    ApiClient alice;
    TestDocuments make;

    @BeforeEach
    void client() {
        alice = ApiClient.as("parse-interrupted-" + UUID.randomUUID(), port);
        make = new TestDocuments(directory);
    }

    @Test
    // a second instance in a JVM of its own starts, takes the job and dies: more than the default limit
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aJobWhoseInstanceIsKilledResumesElsewhereWithoutParsingItsFinishedDocumentsAgain() throws Exception {
        assumeOcr();
        // it starts while the documents are made and uploaded
        String killed = "killed-parser-" + UUID.randomUUID();
        Path output = Files.createTempFile("jobstream-killed-parser", ".log");
        Process process = Instances.startProcess(killed, output);
        try {
            int count = 5;
            List<Map<String, String>> documents = IntStream.rangeClosed(1, count)
                    .mapToObj(n -> Map.of(
                            "file_id",
                            upload(make.imageOnlyPdf("scan-" + n + ".pdf", List.of("SCANNED DOCUMENT " + n)))))
                    .toList();
            Map<String, Object> payload = Map.of("documents", documents, "extraction_method", "ocr");
            String id = Instances.aJobRunningOn(
                    db,
                    alice,
                    killed,
                    "parse",
                    payload,
                    Duration.ofSeconds(90),
                    () -> process.isAlive()
                            ? Optional.empty()
                            : Optional.of("its process ended; its output:\n" + Instances.output(output)));
            // caught part-way: two documents finished, the third being read (OCR takes most of it)
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> completed(documents(id)).size() >= 2);

            process.destroyForcibly().waitFor();

            Map<Integer, String> finished = completed(documents(id));
            assertThat(finished).hasSizeLessThanOrEqualTo(count - 2);
            // while the job resumes here, the documents finished before keep their last change
            JsonNode resumed = await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> documents(id), now -> completed(now).size() > finished.size());
            assertThat(completed(resumed)).containsAllEntriesOf(finished);

            JsonNode job = awaitStatus(id, "completed");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(job.get("processed_count").asInt()).isEqualTo(count);
            assertThat(job.get("failed_count").asInt()).isZero();
            assertThat(documents(id)).hasSize(count).allSatisfy(document -> {
                assertThat(document.get("status").asString()).isEqualTo("completed");
                assertThat(document.get("pages")).hasSize(1);
                assertThat(document.at("/pages/0/ocr").asBoolean()).isTrue();
                assertThat(document.at("/pages/0/characters").asInt()).isPositive();
            });

            // across both instances each document was parsed once; the resumed attempt had only
            // the unfinished ones to read, and read no page of the others again
            List<String> log = logMessages(id);
            Map<Integer, Long> parsed = perDocument(log, "parsed document ");
            assertThat(parsed)
                    .containsOnlyKeys(IntStream.rangeClosed(1, count).boxed().toList());
            assertThat(parsed.values()).containsOnly(1L);
            int left = count - finished.size();
            for (int index : finished.keySet()) {
                assertThat(perDocument(log, "ocr page 1/1 of document ").get(index + 1))
                        .as("OCR of document %d", index + 1)
                        .isEqualTo(1L);
            }
            assertThat(log)
                    .filteredOn(message -> message.contains("parsed document "))
                    .filteredOn(message -> message.endsWith("/" + left + ")"))
                    .hasSize(left);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    @Test
    void cancellingALongOcrCancelsTheJobAtOnceAndKillsItsParserAndTesseract() {
        assumeOcr();
        Assumptions.assumeTrue(ParserProcesses.observable(), "processes are looked at in /proc");
        String scan =
                upload(make.imageOnlyPdf("long-scan.pdf", Collections.nCopies(30, "PAGE AFTER PAGE OF SCANNED TEXT")));
        String id = alice.submit(
                        "parse", Map.of("documents", List.of(Map.of("file_id", scan)), "extraction_method", "ocr"))
                .get("id")
                .asString();
        await().atMost(PATIENCE)
                .until(() -> alice.get(id).at("/progress/message").asString("").startsWith("ocr page "));
        // the child reading the scan, caught while Tesseract reads a page for it
        Working working = await().atMost(PATIENCE)
                .until(ParseInterruptionTest::working, Optional::isPresent)
                .orElseThrow();
        ProcessHandle child = working.child();
        ProcessHandle tesseract = working.tesseract();

        alice.cancel(id);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(alice.get(id).get("status").asString()).isEqualTo("cancelled");
            assertThat(ParserProcesses.gone(child))
                    .as("the parser child that read the scan is gone")
                    .isTrue();
            assertThat(ParserProcesses.gone(tesseract))
                    .as("its tesseract is gone")
                    .isTrue();
            assertThat(ParserProcesses.tesseracts().toList())
                    .as("tesseract processes")
                    .isEmpty();
        });
        // the pool keeps idle children for the next documents; none works for the cancelled job
        assertThat(ParserProcesses.children().toList())
                .doesNotContain(child)
                .allSatisfy(idle -> assertThat(idle.descendants().filter(p -> !ParserProcesses.gone(p)))
                        .isEmpty());
        // the document it was reading is not shown as still being read
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() ->
                        assertThat(documents(id).at("/0/status").asString()).isEqualTo("queued"));
    }

    private void assumeOcr() {
        JsonNode ocr = alice.getJson("/api/job-types/parse").at("/capabilities/ocr");
        Assumptions.assumeTrue(
                ocr.path("available").asBoolean(false)
                        && StreamSupport.stream(ocr.path("languages").spliterator(), false)
                                .anyMatch(language -> language.asString().equals("eng")),
                "tesseract with English is not installed");
    }

    private String upload(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = alice.http()
                .post()
                .uri("/api/files?filename={name}", file.getFileName().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(bytes)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return answer.get("files").get(0).get("id").asString();
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> alice.get(id).get("status").asString().equals(status));
        return alice.get(id);
    }

    private JsonNode documents(String id) {
        return alice.getJson("/api/jobs/{id}/documents?limit=1000", id).get("documents");
    }

    /** The completed documents by index, with when each last changed. */
    private static Map<Integer, String> completed(JsonNode documents) {
        return StreamSupport.stream(documents.spliterator(), false)
                .filter(document -> document.get("status").asString().equals("completed"))
                .collect(Collectors.toMap(
                        document -> document.get("index").asInt(),
                        document -> document.get("updated_at").asString()));
    }

    private List<String> logMessages(String id) {
        return StreamSupport.stream(
                        alice.getJson("/api/jobs/{id}/logs?limit=1000", id)
                                .get("logs")
                                .spliterator(),
                        false)
                .map(line -> line.get("message").asString())
                .toList();
    }

    /** How many log messages say {@code prefix} followed by a document's number, by that number. */
    private static Map<Integer, Long> perDocument(List<String> log, String prefix) {
        return log.stream()
                .filter(message -> message.contains(prefix))
                .map(message -> message.substring(message.indexOf(prefix) + prefix.length()))
                .map(rest -> Integer.parseInt(rest.substring(0, rest.indexOf(' '))))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** A parser child and the Tesseract it runs, if one runs now. */
    private static Optional<Working> working() {
        return ParserProcesses.tesseracts()
                .flatMap(tesseract ->
                        tesseract
                                .parent()
                                .filter(ParserProcesses::isChild)
                                .map(child -> new Working(child, tesseract))
                                .stream())
                .findFirst();
    }

    private record Working(ProcessHandle child, ProcessHandle tesseract) {}
}
