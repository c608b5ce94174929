package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /api/files end to end: multipart and raw bodies, types detected from the bytes, sizes
 * and SHA-256, and the limits (8 MB a file, 32 MB an owner in the test context): each refusal
 * keeps nothing. Each test uploads as a user of its own.
 */
@JobstreamTest
class FileUploadTest {

    static final int MB = 1024 * 1024;
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** A PDF as its first bytes make it one; detection reads no further. */
    static final byte[] PDF =
            "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
                    .getBytes(StandardCharsets.ISO_8859_1);

    @LocalServerPort
    int port;

    ApiClient client;

    @BeforeEach
    void freshUser() {
        client = ApiClient.as("uploader-" + UUID.randomUUID(), port);
    }

    @Test
    void multipartWithTwoFilesKeepsBothWithTheirSizesAndSha256() {
        byte[] text = "hello, files\n".getBytes(StandardCharsets.UTF_8);
        byte[] binary = bytes(700 * 1024);
        var body = new MultipartBodyBuilder();
        body.part("file", text).filename("hello.txt").contentType(MediaType.TEXT_PLAIN);
        body.part("file", binary).filename("data.bin").contentType(MediaType.APPLICATION_OCTET_STREAM);

        JsonNode files = created(multipart(body)).get("files");

        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("filename").asString()).isEqualTo("hello.txt");
        assertThat(files.get(0).get("content_type").asString()).isEqualTo("text/plain");
        assertThat(files.get(0).get("bytes").asLong()).isEqualTo(text.length);
        assertThat(files.get(0).get("sha256").asString()).isEqualTo(sha256(text));
        assertThat(files.get(1).get("filename").asString()).isEqualTo("data.bin");
        assertThat(files.get(1).get("bytes").asLong()).isEqualTo(binary.length);
        assertThat(files.get(1).get("sha256").asString()).isEqualTo(sha256(binary));
        assertThat(files.get(1).get("created_at").asString()).isNotBlank();
        assertThat(download(files.get(0).get("id").asString())).isEqualTo(text);
        assertThat(download(files.get(1).get("id").asString())).isEqualTo(binary);
    }

    @Test
    void aRawBodyIsOneFileNamedByTheFilenameParameterWithoutItsPath() {
        byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        JsonNode file = created(raw("/api/files?filename={name}", "../../tmp/table.csv", MediaType.TEXT_PLAIN, data))
                .get("files")
                .get(0);

        assertThat(file.get("filename").asString()).isEqualTo("table.csv");
        assertThat(file.get("content_type").asString()).isEqualTo("text/csv");
        assertThat(file.get("bytes").asLong()).isEqualTo(data.length);
        assertThat(download(file.get("id").asString())).isEqualTo(data);
    }

    @Test
    void aRawBodyWithoutFilenameIsRefusedNamingIt() {
        ValidationProblem.expectNaming(
                client.http()
                        .post()
                        .uri("/api/files")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("text")
                        .exchange(),
                "filename");
        assertThat(total()).isZero();
    }

    @Test
    void aPdfSentAsPlainTextIsAPdf() {
        JsonNode raw = created(raw("/api/files?filename={name}", "notes.txt", MediaType.TEXT_PLAIN, PDF))
                .get("files")
                .get(0);
        var body = new MultipartBodyBuilder();
        body.part("file", PDF).filename("notes.txt").contentType(MediaType.TEXT_PLAIN);
        JsonNode part = created(multipart(body)).get("files").get(0);

        assertThat(raw.get("content_type").asString()).isEqualTo("application/pdf");
        assertThat(part.get("content_type").asString()).isEqualTo("application/pdf");
    }

    @Test
    void aFileOverTheLimitIs413NamingFileAndNothingIsKept() {
        var response =
                raw("/api/files?filename={name}", "big.bin", MediaType.APPLICATION_OCTET_STREAM, bytes(8 * MB + 1));
        expectProblem(response, 413, "file");

        var body = new MultipartBodyBuilder();
        body.part("file", "fits".getBytes(StandardCharsets.UTF_8)).filename("small.txt");
        body.part("file", bytes(8 * MB + 1)).filename("big.bin");
        expectProblem(multipart(body), 413, "file");

        assertThat(total()).as("files kept").isZero();
    }

    @Test
    void anEmptyFileIs400NamingFileAndNothingIsKept() {
        ValidationProblem.expectNaming(
                raw("/api/files?filename={name}", "empty.txt", MediaType.TEXT_PLAIN, new byte[0]), "file");
        var body = new MultipartBodyBuilder();
        body.part("file", "fits".getBytes(StandardCharsets.UTF_8)).filename("small.txt");
        body.part("file", new byte[0]).filename("empty.txt");
        ValidationProblem.expectNaming(multipart(body), "file");

        assertThat(total()).as("files kept").isZero();
    }

    @Test
    void pastTheOwnersQuotaIs429AndNothingIsKept() {
        for (int i = 0; i < 3; i++) {
            created(raw("/api/files?filename={name}", "part.bin", MediaType.APPLICATION_OCTET_STREAM, bytes(8 * MB)));
        }
        created(raw("/api/files?filename={name}", "part.bin", MediaType.APPLICATION_OCTET_STREAM, bytes(6 * MB)));

        // 30 MB kept: 3 MB more passes the quota while it streams
        expectProblem(
                raw("/api/files?filename={name}", "over.bin", MediaType.APPLICATION_OCTET_STREAM, bytes(3 * MB)),
                429,
                null);
        assertThat(total()).isEqualTo(4);
        // 2 MB fill it exactly; after that not one byte more
        created(raw("/api/files?filename={name}", "last.bin", MediaType.APPLICATION_OCTET_STREAM, bytes(2 * MB)));
        var full = raw("/api/files?filename={name}", "one.txt", MediaType.TEXT_PLAIN, new byte[] {'x'});
        expectProblem(full, 429, null).expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER);
        assertThat(total()).isEqualTo(5);
        assertThat(ApiClient.as("uploader-" + UUID.randomUUID(), port)
                        .http()
                        .post()
                        .uri("/api/files?filename=other.txt")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("another owner has room")
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .returnResult(byte[].class)
                        .getStatus()
                        .value())
                .isEqualTo(201);
    }

    private WebTestClient.ResponseSpec multipart(MultipartBodyBuilder body) {
        return client.http()
                .post()
                .uri("/api/files")
                .body(BodyInserters.fromMultipartData(body.build()))
                .exchange();
    }

    private WebTestClient.ResponseSpec raw(String uri, String filename, MediaType type, byte[] data) {
        return client.http()
                .post()
                .uri(uri, filename)
                .contentType(type)
                .bodyValue(data)
                .exchange();
    }

    static JsonNode created(WebTestClient.ResponseSpec response) {
        byte[] body =
                response.expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    static WebTestClient.ResponseSpec expectProblem(WebTestClient.ResponseSpec response, int status, String field) {
        var body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status);
        if (field != null) {
            body.jsonPath("$.errors[0].field").isEqualTo(field);
        }
        return response;
    }

    private byte[] download(String id) {
        return downloads(client)
                .get()
                .uri("/api/files/{id}/content", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
    }

    /** The client with room to read a whole download into memory, as a test compares it. */
    static WebTestClient downloads(ApiClient client) {
        return client.http()
                .mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * MB))
                .build();
    }

    private long total() {
        return client.getJson("/api/files").get("total").asLong();
    }

    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
