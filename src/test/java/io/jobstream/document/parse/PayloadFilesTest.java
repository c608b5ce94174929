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
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded files named in a {@code parse} payload: another user's file is refused exactly like
 * a file that never existed, so a payload cannot probe for other users' file ids; what a file
 * is comes from its bytes, not from the type the client declared.
 */
@JobstreamTest
class PayloadFilesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    ApiClient bob;
    TestDocuments make;

    @BeforeEach
    void twoUsers() {
        alice = ApiClient.as("alice-" + UUID.randomUUID(), port);
        bob = ApiClient.as("bob-" + UUID.randomUUID(), port);
        make = new TestDocuments(directory);
    }

    @Test
    void anotherUsersFileIdIsRefusedExactlyLikeAnIdNobodyHas() {
        String bobsFile = new ParseJobs(bob)
                .upload(make.textPdf("bobs-secret.pdf", "Secret", "Bob", List.of("Bob's eyes only.")));
        String nobodysFile = UUID.randomUUID().toString();

        JsonNode forBobsFile = refused(bobsFile);
        JsonNode forNobodysFile = refused(nobodysFile);

        assertThat(forBobsFile.get("status").asInt()).isEqualTo(400);
        assertThat(forBobsFile.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(forBobsFile.get("errors")).hasSize(1);
        assertThat(forBobsFile.get("errors").get(0).get("field").asString()).isEqualTo("payload.documents[0].file_id");
        assertThat(forBobsFile.get("errors").get(0).get("message").asString()).contains(bobsFile);
        assertThat(withoutId(forBobsFile, bobsFile))
                .as("the answer for Bob's file is the answer for a file that does not exist")
                .isEqualTo(withoutId(forNobodysFile, nobodysFile));
        assertThat(alice.getJson("/api/jobs").get("jobs")).isEmpty();
    }

    @Test
    void aPdfUploadedAsTextPlainIsParsedAsAPdf() {
        Path pdf = make.textPdf(
                "notes.txt", "Field notes", "Ada", List.of("First page of notes.", "Second page of notes."));
        ParseJobs jobs = new ParseJobs(alice);
        JsonNode file = jobs.upload(pdf, MediaType.TEXT_PLAIN);
        assertThat(file.get("content_type").asString()).isEqualTo("application/pdf");

        String id = jobs.submit(Map.of(
                "documents", List.of(Map.of("file_id", file.get("id").asString())),
                "chunking", Map.of("strategy", "by_page")));
        jobs.awaitEnd(id, "completed");

        JsonNode document = jobs.documents(id).getFirst();
        assertThat(document.get("metadata").get("file_type").asString()).isEqualTo("application/pdf");
        assertThat(document.get("metadata").get("pages").asInt()).isEqualTo(2);
        assertThat(document.get("metadata").get("title").asString()).isEqualTo("Field notes");
        assertThat(document.get("pages"))
                .extracting(page -> page.get("characters").asInt())
                .containsExactly("First page of notes.".length(), "Second page of notes.".length());
        assertThat(jobs.jsonLines(id, "chunks.jsonl"))
                .extracting(chunk -> chunk.get("page_start").asInt() + ":"
                        + chunk.get("text").asString())
                .containsExactly("1:First page of notes.", "2:Second page of notes.");
    }

    /** Alice's submission of a job naming {@code fileId}: the 400 problem it gets. */
    private JsonNode refused(String fileId) {
        byte[] body = alice.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "parse", "payload", Map.of("documents", List.of(Map.of("file_id", fileId)))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private static String withoutId(JsonNode problem, String fileId) {
        return problem.toString().replace(fileId, "<file id>");
    }
}
