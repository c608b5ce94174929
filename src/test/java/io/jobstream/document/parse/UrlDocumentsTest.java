package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jobstream.support.ApiClient;
import io.jobstream.support.DocumentServer;
import io.jobstream.support.JobstreamTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Documents by URL, fetched in the job's {@code uploading} stage from a server on 127.0.0.1
 * (which the test configuration allows, and only it): what is served is parsed; a redirect
 * to a refused address and a body announced over the cap fail their own document with
 * {@code FETCH_ERROR} and a message that says why, and the job's other documents complete.
 */
@JobstreamTest
class UrlDocumentsTest {

    /** More than {@code jobstream.fetch.max-bytes} (100 MB, the default): announced, never sent. */
    private static final long OVER_THE_CAP = 200L * 1024 * 1024;

    @LocalServerPort
    int port;

    ParseJobs jobs;
    DocumentServer server;

    @BeforeEach
    void serverOnLoopback() {
        jobs = new ParseJobs(ApiClient.as("urls-" + UUID.randomUUID(), port));
        server = DocumentServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void documentsAreFetchedFromTheServerAndParsed() {
        server.document("/first.txt", "text/plain; charset=utf-8", bytes("The first document came by URL."))
                .document(
                        "/second.html",
                        "text/html; charset=utf-8",
                        bytes(
                                "<html><head><title>Second</title></head><body><p>The second one too.</p></body></html>"));

        String id = jobs.submit(Map.of(
                "documents",
                List.of(
                        Map.of("url", server.url("/first.txt").toString()),
                        Map.of("url", server.url("/second.html").toString()))));
        JsonNode job = jobs.awaitEnd(id, "completed");

        assertThat(job.get("processed_count").asInt()).isEqualTo(2);
        List<JsonNode> documents = jobs.documents(id);
        assertThat(documents)
                .extracting(document -> document.get("url").asString())
                .containsExactly(
                        server.url("/first.txt").toString(),
                        server.url("/second.html").toString());
        assertThat(documents.get(1).get("metadata").get("title").asString()).isEqualTo("Second");
        assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                .extracting(chunk -> chunk.get("text").asString())
                .containsExactly("The first document came by URL.", "The second one too.");
        assertThat(server.requests())
                .extracting(DocumentServer.Request::path, DocumentServer.Request::userAgent)
                .containsExactly(tuple("/first.txt", "jobstream"), tuple("/second.html", "jobstream"));
    }

    @Test
    void aRedirectToARefusedAddressFailsThatDocumentOnly() {
        server.redirect("/metadata", "http://169.254.169.254/latest/meta-data/")
                .redirect("/internal", "http://10.0.0.1/admin")
                .document("/fine.txt", "text/plain", bytes("This one is fine."));

        String id = jobs.submit(Map.of(
                "documents",
                List.of(
                        Map.of("url", server.url("/metadata").toString()),
                        Map.of("url", server.url("/fine.txt").toString()),
                        Map.of("url", server.url("/internal").toString()))));
        JsonNode job = jobs.awaitEnd(id, "completed");

        assertThat(job.get("processed_count").asInt()).isEqualTo(1);
        assertThat(job.get("failed_count").asInt()).isEqualTo(2);
        List<JsonNode> documents = jobs.documents(id);
        assertThat(documents.get(0).get("status").asString()).isEqualTo("failed");
        assertThat(documents.get(0).get("error_code").asString()).isEqualTo("FETCH_ERROR");
        assertThat(documents.get(0).get("error").asString())
                .isEqualTo("could not fetch " + server.url("/metadata")
                        + ": refused: 169.254.169.254 is a link-local address");
        assertThat(documents.get(1).get("status").asString()).isEqualTo("completed");
        assertThat(documents.get(2).get("error_code").asString()).isEqualTo("FETCH_ERROR");
        assertThat(documents.get(2).get("error").asString())
                .isEqualTo("could not fetch " + server.url("/internal") + ": refused: 10.0.0.1 is a private address");
        assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                .extracting(chunk -> chunk.get("text").asString())
                .containsExactly("This one is fine.");
    }

    @Test
    void aBodyAnnouncedOverTheCapIsRefusedWithoutReadingIt() {
        server.stallingBody("/huge.pdf", OVER_THE_CAP, new byte[16])
                .document("/small.txt", "text/plain", bytes("Small enough."));

        String id = jobs.submit(Map.of(
                "documents",
                List.of(
                        Map.of("url", server.url("/huge.pdf").toString()),
                        Map.of("url", server.url("/small.txt").toString()))));
        JsonNode job = jobs.awaitEnd(id, "completed");

        assertThat(job.get("processed_count").asInt()).isEqualTo(1);
        assertThat(job.get("failed_count").asInt()).isEqualTo(1);
        JsonNode huge = jobs.documents(id).getFirst();
        assertThat(huge.get("status").asString()).isEqualTo("failed");
        assertThat(huge.get("error_code").asString()).isEqualTo("FETCH_ERROR");
        assertThat(huge.get("error").asString())
                .isEqualTo("could not fetch " + server.url("/huge.pdf") + ": larger than 100 MB");
    }

    @Test
    void whenEveryUrlFailsTheJobFailsWithFetchError() {
        server.status("/gone", 404);

        String id = jobs.submit(Map.of("input_url", server.url("/gone").toString()));
        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("FETCH_ERROR");
        assertThat(job.get("error").asString()).contains("HTTP 404 Not Found");
        assertThat(job.get("failed_count").asInt()).isEqualTo(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
