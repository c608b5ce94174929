package io.jobstream.api;

import static io.jobstream.api.FileUploadTest.bytes;
import static io.jobstream.api.FileUploadTest.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.file.FileService;
import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObjectNotFoundException;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Reading and deleting files end to end: downloads with their headers and ranges, lists
 * paged like jobs, deletes that remove the stored bytes, and owners: another user's file is
 * a 404 like a missing one, on every route and in {@link FileService}.
 */
@JobstreamTest
class FileAccessTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    Storage storage;

    @Autowired
    FileService files;

    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void freshUsers() {
        alice = ApiClient.as("alice-" + UUID.randomUUID(), port);
        bob = ApiClient.as("bob-" + UUID.randomUUID(), port);
    }

    @Test
    void aDownloadStreamsTheUploadAsAnAttachmentWithItsTypeAndLength() {
        byte[] data = bytes(1024 * 1024 + 17);
        String id = upload(alice, "report 2026 – final.bin", data);

        var result = FileUploadTest.downloads(alice)
                .get()
                .uri("/api/files/{id}/content", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectHeader()
                .contentLength(data.length)
                .expectHeader()
                .valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectBody()
                .returnResult();

        assertThat(result.getResponseBody()).isEqualTo(data);
        var disposition = result.getResponseHeaders().getContentDisposition();
        assertThat(disposition.isAttachment()).isTrue();
        assertThat(disposition.getFilename()).isEqualTo("report 2026 – final.bin");
    }

    @Test
    void oneRangeIsAPartialContentAndARangePastTheEndIs416() {
        byte[] data = bytes(600 * 1024);
        String id = upload(alice, "data.bin", data);

        byte[] part = alice.http()
                .get()
                .uri("/api/files/{id}/content", id)
                .header(HttpHeaders.RANGE, "bytes=262140-262149")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 262140-262149/" + data.length)
                .expectHeader()
                .contentLength(10)
                .expectBody()
                .returnResult()
                .getResponseBody();
        assertThat(part).isEqualTo(Arrays.copyOfRange(data, 262140, 262150));
        byte[] tail = alice.http()
                .get()
                .uri("/api/files/{id}/content", id)
                .header(HttpHeaders.RANGE, "bytes=-5")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectBody()
                .returnResult()
                .getResponseBody();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(data, data.length - 5, data.length));

        alice.http()
                .get()
                .uri("/api/files/{id}/content", id)
                .header(HttpHeaders.RANGE, "bytes=" + data.length + "-")
                .exchange()
                .expectStatus()
                .isEqualTo(416)
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + data.length)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anotherUsersFileIsNotFoundOnEveryRouteLikeAMissingOne() {
        String id = upload(alice, "secret.txt", "alice's".getBytes());
        String missing = UUID.randomUUID().toString();

        for (String uri : List.of("/api/files/{id}", "/api/files/{id}/content")) {
            notFound(bob.http().get().uri(uri, id).exchange(), id);
            notFound(bob.http().get().uri(uri, missing).exchange(), missing);
        }
        notFound(bob.http().delete().uri("/api/files/{id}", id).exchange(), id);
        notFound(bob.http().delete().uri("/api/files/{id}", missing).exchange(), missing);
        assertThat(bob.getJson("/api/files").get("total").asLong()).isZero();
        assertThat(alice.getJson("/api/files/{id}", id).get("filename").asString())
                .as("still there for its owner")
                .isEqualTo("secret.txt");
    }

    @Test
    void theServiceTellsAJobWhichFileIdsAreNotItsOwners() {
        UUID mine = UUID.fromString(upload(alice, "mine.txt", "a".getBytes()));
        UUID theirs = UUID.fromString(upload(bob, "theirs.txt", "b".getBytes()));
        UUID missing = UUID.randomUUID();

        StepVerifier.create(files.unknown(alice.subject(), List.of(mine, theirs, missing)))
                .expectNext(Set.of(theirs, missing))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(files.unknown(alice.subject(), List.of(mine)))
                .expectNext(Set.of())
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(files.find(alice.subject(), theirs))
                .expectErrorMessage("No file " + theirs)
                .verify(TIMEOUT);
        StepVerifier.create(files.find(alice.subject(), mine).flatMapMany(files::content))
                .assertNext(buffer -> assertThat(buffer.readableByteCount()).isEqualTo(1))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void theListIsNewestFirstAndPagesByCursorOrOffset() {
        var body = new MultipartBodyBuilder();
        for (int i = 0; i < 5; i++) {
            body.part("file", ("file " + i).getBytes()).filename("f" + i + ".txt");
        }
        created(alice.http()
                .post()
                .uri("/api/files")
                .body(BodyInserters.fromMultipartData(body.build()))
                .exchange());
        upload(bob, "not alice's.txt", "b".getBytes());

        JsonNode first = alice.getJson("/api/files?limit=2");
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        List<String> names = new ArrayList<>(filenames(first));
        JsonNode page = first;
        while (page.get("has_more").asBoolean()) {
            page = alice.getJson(
                    "/api/files?limit=2&cursor={cursor}",
                    page.get("next_cursor").asString());
            names.addAll(filenames(page));
        }

        assertThat(names).containsExactly("f4.txt", "f3.txt", "f2.txt", "f1.txt", "f0.txt");
        assertThat(filenames(alice.getJson("/api/files?limit=2&offset=2"))).containsExactly("f2.txt", "f1.txt");
        String jobsCursor =
                alice.getJson("/api/jobs?limit=1&sort=type").get("next_cursor").asString();
        if (jobsCursor != null && !jobsCursor.isEmpty()) {
            ValidationProblem.expectNaming(
                    alice.http().get().uri("/api/files?cursor={c}", jobsCursor).exchange(), "cursor");
        }
        ValidationProblem.expectNaming(
                alice.http().get().uri("/api/files?limit=0").exchange(), "limit");
    }

    @Test
    void deleteRemovesTheRowAndTheStoredBytes() {
        String id = upload(alice, "gone.txt", "soon gone".getBytes());

        alice.http()
                .delete()
                .uri("/api/files/{id}", id)
                .exchange()
                .expectStatus()
                .isNoContent();

        notFound(alice.http().get().uri("/api/files/{id}", id).exchange(), id);
        notFound(alice.http().get().uri("/api/files/{id}/content", id).exchange(), id);
        notFound(alice.http().delete().uri("/api/files/{id}", id).exchange(), id);
        StepVerifier.create(storage.get("files/" + id))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    private static String upload(ApiClient client, String filename, byte[] data) {
        return created(client.http()
                        .post()
                        .uri("/api/files?filename={name}", filename)
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .bodyValue(data)
                        .exchange())
                .get("files")
                .get(0)
                .get("id")
                .asString();
    }

    private static void notFound(
            org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response, String id) {
        response.expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("No file " + id);
    }

    private static List<String> filenames(JsonNode page) {
        return StreamSupport.stream(page.get("files").spliterator(), false)
                .map(file -> file.get("filename").asString())
                .toList();
    }
}
