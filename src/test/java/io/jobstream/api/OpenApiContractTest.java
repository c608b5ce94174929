package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.embedding.EmbeddingProgress;
import io.jobstream.embedding.StoredChunks;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import io.jobstream.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the OpenAPI document true: real responses of every endpoint, success and error,
 * are validated against the schema the document declares for that operation, status and
 * media type; and every operation the document declares is exercised here.
 */
@JobstreamTest
class OpenApiContractTest {

    private static final String BASE = "https://jobstream.io/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ChunkEmbeddings embeddings;

    JsonNode document;
    SchemaRegistry schemas;
    ApiClient alice;
    final Set<String> exercised = new TreeSet<>();
    final List<String> violations = new ArrayList<>();

    @BeforeEach
    void loadDocument() {
        byte[] served = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody();
        document = JSON.readTree(served);
        schemas = SchemaRegistry.withDefaultDialect(
                OpenApi31.getInstance(), builder -> builder.schemas(Map.of(BASE, new String(served))));
        alice = ApiClient.as("contract-" + java.util.UUID.randomUUID(), port);
    }

    @Test
    void documentIsOpenApi31AndServedAsYamlToo() {
        assertThat(document.get("openapi").asString()).startsWith("3.1");
        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .get()
                .uri("/v3/api-docs.yaml")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(yaml -> assertThat(yaml).contains("openapi: 3.1"));
    }

    @Test
    void everyEndpointAnswersAsDocumented() {
        JsonNode created = call(
                HttpMethod.POST,
                "/api/jobs",
                "/api/jobs",
                Map.of("type", "demo", "payload", Map.of("stages", 2, "artifact", true)),
                201);
        String id = created.get("id").asString();
        callWithKey("/api/jobs", Map.of("type", "demo", "payload", Map.of("stages", 1)), "k", 201);
        callWithKey("/api/jobs", Map.of("type", "demo", "payload", Map.of("stages", 1)), "k", 200);
        callWithKey("/api/jobs", Map.of("type", "demo", "payload", Map.of("stages", 2)), "k", 409);
        call(HttpMethod.POST, "/api/jobs", "/api/jobs", Map.of("type", "nope"), 400);
        stream(id);
        alice.awaitStatus(id, "completed");

        call(HttpMethod.GET, "/api/jobs", "/api/jobs?limit=2", null, 200);
        call(HttpMethod.GET, "/api/jobs", "/api/jobs?limit=0", null, 400);
        call(HttpMethod.GET, "/api/jobs/counts", "/api/jobs/counts?type=demo", null, 200);
        call(HttpMethod.GET, "/api/jobs/counts", "/api/jobs/counts?status=failed", null, 400);
        call(HttpMethod.GET, "/api/history/jobs", "/api/history/jobs", null, 200);
        call(HttpMethod.GET, "/api/jobs/{id}", "/api/jobs/" + id, null, 200);
        call(HttpMethod.GET, "/api/jobs/{id}", "/api/jobs/" + java.util.UUID.randomUUID(), null, 404);
        call(HttpMethod.GET, "/api/history/jobs/{id}", "/api/history/jobs/" + id, null, 200);
        call(HttpMethod.GET, "/api/jobs/{id}/events", "/api/jobs/" + id + "/events?after=1", null, 200);
        call(HttpMethod.GET, "/api/jobs/{id}/logs", "/api/jobs/" + id + "/logs", null, 200);
        archive(id);
        call(HttpMethod.DELETE, "/api/jobs/{id}", "/api/jobs/" + id, null, 409);
        call(HttpMethod.POST, "/api/jobs/{id}/rerun", "/api/jobs/" + id + "/rerun", null, 201);
        String running = alice.submit("demo", Map.of("stages", 1, "stage_ms", 20_000))
                .get("id")
                .asString();
        call(HttpMethod.POST, "/api/jobs/{id}/rerun", "/api/jobs/" + running + "/rerun", null, 409);
        call(HttpMethod.DELETE, "/api/jobs/{id}", "/api/jobs/" + running, null, 200);
        call(HttpMethod.DELETE, "/api/history/jobs/{id}", "/api/history/jobs/" + id, null, 200);

        JsonNode batch = call(
                HttpMethod.POST,
                "/api/jobs/batch",
                "/api/jobs/batch",
                Map.of(
                        "batch_name",
                        "b",
                        "jobs",
                        List.of(Map.of("type", "demo", "payload", Map.of("stages", 1, "stage_ms", 20_000)))),
                201);
        String batchId = batch.get("batch_id").asString();
        call(HttpMethod.POST, "/api/jobs/batch", "/api/jobs/batch", Map.of("jobs", List.of()), 400);
        call(HttpMethod.GET, "/api/jobs/batch/{batch_id}", "/api/jobs/batch/" + batchId, null, 200);
        call(HttpMethod.DELETE, "/api/jobs/batch/{batch_id}", "/api/jobs/batch/" + batchId, null, 200);
        streamOf("/api/jobs/batch/{batch_id}/events", "/api/jobs/batch/" + batchId + "/events", null);
        call(
                HttpMethod.GET,
                "/api/jobs/batch/{batch_id}/events",
                "/api/jobs/batch/" + java.util.UUID.randomUUID() + "/events",
                null,
                404);
        streamOf("/api/jobs/events", "/api/jobs/events", "0.0." + new java.util.UUID(0, 0));
        call(HttpMethod.POST, "/api/stream-tokens", "/api/stream-tokens", null, 200);
        call(HttpMethod.GET, "/api/job-types", "/api/job-types", null, 200);
        call(HttpMethod.GET, "/api/job-types/{name}", "/api/job-types/demo", null, 200);
        call(HttpMethod.GET, "/api/job-types/{name}", "/api/job-types/nope", null, 404);
        call(HttpMethod.GET, "/api/jobs/events", "/api/jobs/events?after=nope", null, 400);
        jobTypes();
        workers();
        search();
        webhooks();
        files();
        documents();
        apiKeys();
        unauthorized();

        assertThat(violations).as("responses that break the document").isEmpty();
        assertThat(exercised).as("operations exercised").containsExactlyInAnyOrderElementsOf(documentedOperations());
    }

    /** Registering, changing and retiring a type of external workers, by an admin. */
    private void jobTypes() {
        ApiClient admin = RegisteredTypes.admin(port);
        String name = RegisteredTypes.uniqueName("contract");
        String template = "/api/job-types/{name}";
        String uri = "/api/job-types/" + name;
        call(admin, HttpMethod.PUT, template, uri, RegisteredTypes.countingDefinition(), 201);
        Map<String, Object> changed = new java.util.HashMap<>(RegisteredTypes.countingDefinition());
        changed.put("result_schema", Map.of("type", "object"));
        changed.put("delivery", "kafka");
        call(admin, HttpMethod.PUT, template, uri, changed, 200);
        call(admin, HttpMethod.PUT, template, "/api/job-types/demo", RegisteredTypes.countingDefinition(), 400);
        call(HttpMethod.GET, "/api/job-types", "/api/job-types", null, 200);
        call(HttpMethod.GET, template, uri, null, 200);
        call(admin, HttpMethod.DELETE, template, uri, null, 200);
        call(HttpMethod.GET, template, uri, null, 200);
        call(admin, HttpMethod.DELETE, template, "/api/job-types/demo", null, 400);
        call(admin, HttpMethod.DELETE, template, "/api/job-types/" + RegisteredTypes.uniqueName("never"), null, 404);
    }

    /** An external worker claims a job, reports on it and completes it; a stale claim, a type it may not work. */
    private void workers() {
        String type = RegisteredTypes.uniqueName("contract-work");
        RegisteredTypes.register(RegisteredTypes.admin(port), type, RegisteredTypes.countingDefinition());
        String id = alice.submit(type, Map.of("n", 2)).get("id").asString();
        ApiClient worker = ApiClient.as("contract-worker-" + UUID.randomUUID(), "jobs:work", port);
        String claim = "/api/workers/claim";
        call(worker, HttpMethod.POST, claim, claim, Map.of("types", List.of(type), "max", 0), 400);
        call(worker, HttpMethod.POST, claim, claim, Map.of("types", List.of(RegisteredTypes.uniqueName("none"))), 404);
        call(alice, HttpMethod.POST, claim, claim, Map.of("types", List.of(type)), 403);
        JsonNode claimed = call(
                        worker, HttpMethod.POST, claim, claim, Map.of("types", List.of(type), "wait_seconds", 10), 200)
                .get("jobs")
                .get(0);
        String token = claimed.get("claim_token").asString();
        String job = "/api/workers/jobs/" + id + "/";
        String template = "/api/workers/jobs/{id}/";
        call(worker, HttpMethod.POST, template + "heartbeat", job + "heartbeat", Map.of("claim_token", token), 200);
        call(worker, HttpMethod.POST, template + "heartbeat", job + "heartbeat", Map.of(), 400);
        call(worker, HttpMethod.POST, template + "heartbeat", job + "heartbeat", Map.of("claim_token", "stale"), 409);
        String missing = "/api/workers/jobs/" + UUID.randomUUID() + "/heartbeat";
        call(worker, HttpMethod.POST, template + "heartbeat", missing, Map.of("claim_token", token), 404);
        workerReport(worker, template + "progress", job + "progress", Map.of("claim_token", token, "percent", 10));
        call(worker, HttpMethod.POST, template + "progress", job + "progress", Map.of("claim_token", token), 400);
        workerReport(worker, template + "logs", job + "logs", Map.of("claim_token", token, "lines", List.of("a")));
        workerReport(
                worker,
                template + "stages/{stage}/complete",
                job + "stages/fetch/complete",
                Map.of("claim_token", token, "output", Map.of("pages", 1)));
        worker.http()
                .post()
                .uri(job + "artifacts?name=out.txt")
                .header("Claim-Token", token)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("out")
                .exchange()
                .expectStatus()
                .isNoContent();
        documented(HttpMethod.POST, template + "artifacts", 204);
        workerReport(worker, template + "complete", job + "complete", Map.of("claim_token", token, "result", 3));
        call(worker, HttpMethod.POST, template + "fail", job + "fail", Map.of("claim_token", token, "error", "x"), 409);
        String failing = alice.submit(type, Map.of("n", 1)).get("id").asString();
        String failToken = call(
                        worker, HttpMethod.POST, claim, claim, Map.of("types", List.of(type), "wait_seconds", 10), 200)
                .get("jobs")
                .get(0)
                .get("claim_token")
                .asString();
        workerReport(
                worker,
                template + "fail",
                "/api/workers/jobs/" + failing + "/fail",
                Map.of("claim_token", failToken, "error_code", "VALIDATION_ERROR", "error", "bad"));
    }

    /** A worker's report, answered 204 with no body. */
    private void workerReport(ApiClient worker, String template, String uri, Object body) {
        worker.http()
                .post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isNoContent();
        documented(HttpMethod.POST, template, 204);
    }

    private JsonNode call(HttpMethod method, String template, String uri, Object body, int status) {
        return call(alice, method, template, uri, body, status);
    }

    private JsonNode call(ApiClient client, HttpMethod method, String template, String uri, Object body, int status) {
        var request = client.http().method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
        var exchange = body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
        return check(
                method,
                template,
                status,
                exchange.expectStatus().isEqualTo(status).expectBody().returnResult());
    }

    private void callWithKey(String uri, Object body, String key, int status) {
        var result = alice.http()
                .post()
                .uri(uri)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
        check(HttpMethod.POST, uri, status, result);
    }

    /** A search that finds a chunk embedded for it, and one refused. */
    private void search() {
        UUID job = UUID.fromString(
                alice.submit("demo", Map.of("stages", 1)).get("id").asString());
        StoredChunks.in(context)
                .document(job, 0, StoredChunks.pages("Water boils at 100 degrees Celsius at sea level."));
        embeddings.embedChunks(job, EmbeddingProgress.NONE).block(ApiClient.TIMEOUT);
        JsonNode found = call(
                HttpMethod.POST,
                "/api/search",
                "/api/search",
                Map.of("query", "boiling water", "job_ids", List.of(job.toString())),
                200);
        assertThat(found.get("results")).hasSize(1);
        call(HttpMethod.POST, "/api/search", "/api/search", Map.of("query", " "), 400);
    }

    /** The webhook endpoints, and the bodies a real receiver gets against the document's {@code webhooks}. */
    private void webhooks() {
        try (var receiver = WebhookReceiver.answering()) {
            JsonNode job = call(
                    HttpMethod.POST,
                    "/api/jobs",
                    "/api/jobs",
                    Map.of(
                            "type",
                            "demo",
                            "payload",
                            Map.of("stages", 1),
                            "webhook",
                            Map.of(
                                    "url",
                                    receiver.url("/hook"),
                                    "events",
                                    List.of("progress", "completed"),
                                    "token",
                                    "t",
                                    "client_job_id",
                                    "c-1")),
                    201);
            String deliveries = "/api/jobs/" + job.get("id").asString() + "/webhook-deliveries";
            call(
                    HttpMethod.POST,
                    "/api/jobs",
                    "/api/jobs",
                    Map.of("type", "demo", "webhook_url", "http://10.0.0.1/"),
                    400);
            await().atMost(ApiClient.TIMEOUT).until(() -> receiver.requests().size() == 2);
            String template = "/api/jobs/{id}/webhook-deliveries";
            JsonNode page = call(HttpMethod.GET, template, deliveries, null, 200);
            call(HttpMethod.GET, template, deliveries + "?limit=0", null, 400);
            call(
                    HttpMethod.GET,
                    template,
                    "/api/jobs/" + java.util.UUID.randomUUID() + "/webhook-deliveries",
                    null,
                    404);
            String redeliver = template + "/{delivery_id}/redeliver";
            call(
                    HttpMethod.POST,
                    redeliver,
                    deliveries + "/" + page.get("deliveries").get(0).get("id").asString() + "/redeliver",
                    null,
                    202);
            call(HttpMethod.POST, redeliver, deliveries + "/" + java.util.UUID.randomUUID() + "/redeliver", null, 404);
            call(HttpMethod.GET, "/api/webhook-secret", "/api/webhook-secret", null, 200);
            call(HttpMethod.POST, "/api/webhook-secret/rotate", "/api/webhook-secret/rotate", null, 200);
            Schema payload = schemas.getSchema(SchemaLocation.of(BASE + "#/components/schemas/WebhookPayload"));
            receiver.requests()
                    .forEach(request ->
                            report("webhook " + request.json().get("phase"), payload.validate(request.json())));
        }
    }

    /** API keys: created (and refused), listed, revoked. */
    private void apiKeys() {
        String template = "/api/api-keys";
        JsonNode created = call(
                HttpMethod.POST,
                template,
                template,
                Map.of("name", "contract", "scopes", List.of("jobs:read"), "expires_at", "2999-01-01T00:00:00Z"),
                201);
        call(HttpMethod.POST, template, template, Map.of("name", "", "scopes", List.of("jobs:nope")), 400);
        call(HttpMethod.POST, template, template, Map.of("name", "too much", "scopes", List.of("jobs:admin")), 403);
        call(HttpMethod.GET, template, template, null, 200);
        call(HttpMethod.GET, template, template + "?limit=1", null, 400);
        var revoked = alice.http()
                .delete()
                .uri("/api/api-keys/{id}", created.get("id").asString())
                .exchange()
                .expectStatus()
                .isNoContent();
        revoked.expectBody().isEmpty();
        documented(HttpMethod.DELETE, "/api/api-keys/{id}", 204);
        call(
                HttpMethod.DELETE,
                "/api/api-keys/{id}",
                "/api/api-keys/" + created.get("id").asString(),
                null,
                404);
        call(HttpMethod.DELETE, "/api/api-keys/{id}", "/api/api-keys/nope", null, 400);
    }

    /** The files API: uploads both ways, the list, a file, its bytes whole and in part, delete. */
    private void files() {
        var body = new MultipartBodyBuilder();
        body.part("file", "one".getBytes(StandardCharsets.UTF_8)).filename("one.txt");
        body.part("file", "%PDF-1.7\n".getBytes(StandardCharsets.UTF_8)).filename("two.pdf");
        var multipart = alice.http()
                .post()
                .uri("/api/files")
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromMultipartData(body.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        String id = check(HttpMethod.POST, "/api/files", 201, multipart)
                .get("files")
                .get(0)
                .get("id")
                .asString();
        raw("/api/files?filename=raw.txt", 201);
        raw("/api/files", 400);
        call(HttpMethod.GET, "/api/files", "/api/files?limit=1", null, 200);
        call(HttpMethod.GET, "/api/files", "/api/files?limit=0", null, 400);
        call(HttpMethod.GET, "/api/files/{id}", "/api/files/" + id, null, 200);
        call(HttpMethod.GET, "/api/files/{id}", "/api/files/" + java.util.UUID.randomUUID(), null, 404);
        call(HttpMethod.GET, "/api/files/{id}", "/api/files/nope", null, 400);
        String content = "/api/files/{id}/content";
        download(content, "/api/files/" + id + "/content", null, 200);
        download(content, "/api/files/" + id + "/content", "bytes=1-2", 206);
        download(content, "/api/files/" + id + "/content", "bytes=100-", 416);
        alice.http()
                .delete()
                .uri("/api/files/{id}", id)
                .exchange()
                .expectStatus()
                .isNoContent();
        documented(HttpMethod.DELETE, "/api/files/{id}", 204);
        call(HttpMethod.DELETE, "/api/files/{id}", "/api/files/" + id, null, 404);
    }

    private void raw(String uri, int status) {
        var result = alice.http()
                .post()
                .uri(uri)
                .contentType(MediaType.TEXT_PLAIN)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue("raw")
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
        check(HttpMethod.POST, "/api/files", status, result);
    }

    /**
     * A finished {@code parse} job of two inline documents, one read and one refused (a URL on a
     * private address): its events, its documents, its artifacts, one whole and in part.
     */
    private void documents() {
        String text = Base64.getEncoder().encodeToString("The contract reads this.".getBytes(StandardCharsets.UTF_8));
        String id = alice.submit(
                        "parse",
                        Map.of(
                                "documents",
                                List.of(
                                        Map.of("content_base64", text, "filename", "a.txt"),
                                        Map.of("url", "http://10.0.0.1/b.pdf"))))
                .get("id")
                .asString();
        alice.awaitStatus(id, "completed");
        call(HttpMethod.GET, "/api/jobs/{id}", "/api/jobs/" + id, null, 200);
        call(HttpMethod.GET, "/api/jobs/{id}/events", "/api/jobs/" + id + "/events", null, 200);

        String documents = "/api/jobs/{id}/documents";
        JsonNode page = call(HttpMethod.GET, documents, "/api/jobs/" + id + "/documents?limit=10", null, 200);
        assertThat(page.get("documents"))
                .extracting(document -> document.get("status").asString())
                .containsExactly("completed", "failed");
        call(HttpMethod.GET, documents, "/api/jobs/" + id + "/documents?limit=0", null, 400);
        call(HttpMethod.GET, documents, "/api/jobs/" + UUID.randomUUID() + "/documents", null, 404);

        String artifacts = "/api/jobs/{id}/artifacts";
        JsonNode list = call(HttpMethod.GET, artifacts, "/api/jobs/" + id + "/artifacts", null, 200);
        assertThat(list.get("artifacts"))
                .extracting(artifact -> artifact.get("name").asString())
                .contains("chunks.jsonl", "document-0.txt");
        call(HttpMethod.GET, artifacts, "/api/jobs/" + UUID.randomUUID() + "/artifacts", null, 404);
        String artifact = artifacts + "/{name}";
        String text0 = "/api/jobs/" + id + "/artifacts/document-0.txt";
        download(artifact, text0, null, 200);
        download(artifact, text0, "bytes=0-2", 206);
        download(artifact, text0, "bytes=1000-", 416);
        call(HttpMethod.GET, artifact, "/api/jobs/" + id + "/artifacts/nope.txt", null, 404);
    }

    /**
     * Stored bytes (a file, an artifact): whatever their type, the document declares them as any
     * media type; a range past the end is a problem.
     */
    private void download(String template, String uri, String range, int status) {
        var result = alice.http()
                .get()
                .uri(uri)
                .headers(headers -> {
                    if (range != null) {
                        headers.set(HttpHeaders.RANGE, range);
                    }
                })
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult();
        if (status == 416) {
            check(HttpMethod.GET, template, status, result);
            return;
        }
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isNotNull();
        operation(HttpMethod.GET, template, status, "*/*");
    }

    /** A response without a body: declared for the operation, with no content. */
    private void documented(HttpMethod method, String template, int status) {
        String op = method.name().toLowerCase();
        exercised.add(op + " " + template);
        String pointer = "/paths/" + escape(template) + "/" + op + "/responses/" + status;
        if (document.at(pointer).isMissingNode() || document.at(pointer).has("content")) {
            violations.add(method + " " + template + ": no " + status + " response without content documented");
        }
    }

    private void unauthorized() {
        var result = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .get()
                .uri("/api/jobs")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .returnResult();
        check(HttpMethod.GET, "/api/jobs", 401, result);
    }

    private JsonNode check(HttpMethod method, String template, int status, EntityExchangeResult<byte[]> result) {
        MediaType type = result.getResponseHeaders().getContentType();
        String mediaType = type == null ? "" : type.getType() + "/" + type.getSubtype();
        JsonNode body = JSON.readTree(result.getResponseBody());
        validate(method, template, status, mediaType, body);
        return body;
    }

    private void stream(String id) {
        List<ServerSentEvent<String>> events = alice.readEvents(id);
        assertThat(events).isNotEmpty();
        for (var event : events) {
            String schema = "state".equals(event.event()) ? "JobDetail" : "JobEvent";
            report(
                    "SSE " + event.event(),
                    schemas.getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + schema))
                            .validate(ApiClient.data(event)));
        }
        operation(HttpMethod.GET, "/api/jobs/{id}/events", 200, "text/event-stream");
    }

    /** A stream of many jobs, read for two seconds (or to its end), each message checked against its schema. */
    private void streamOf(String template, String uri, String lastEventId) {
        List<ServerSentEvent<String>> events = alice.stream(uri, lastEventId)
                .filter(event -> event.comment() == null)
                .take(Duration.ofSeconds(2))
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(events).isNotEmpty();
        for (var event : events) {
            String schema = switch (event.event()) {
                case "ready" -> "StreamReady";
                case "batch" -> "BatchState";
                default -> "JobEvent";
            };
            report(
                    "SSE " + template + " " + event.event(),
                    schemas.getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + schema))
                            .validate(ApiClient.data(event)));
        }
        operation(HttpMethod.GET, template, 200, "text/event-stream");
    }

    private void archive(String id) {
        alice.http()
                .get()
                .uri("/api/jobs/{id}/download-archive", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/zip");
        operation(HttpMethod.GET, "/api/jobs/{id}/download-archive", 200, "application/zip");
    }

    private void validate(HttpMethod method, String template, int status, String mediaType, JsonNode body) {
        String pointer = operation(method, template, status, mediaType);
        if (pointer != null) {
            report(
                    method + " " + template + " " + status,
                    schemas.getSchema(SchemaLocation.of(BASE + "#" + pointer + "/schema"))
                            .validate(body));
        }
    }

    /** The document's declaration of this response, as a JSON pointer; records a violation if there is none. */
    private String operation(HttpMethod method, String template, int status, String mediaType) {
        String op = method.name().toLowerCase();
        exercised.add(op + " " + template);
        String response = "/paths/" + escape(template) + "/" + op + "/responses/" + status;
        // a response shared through components/responses is declared where its $ref points
        JsonNode reference = document.at(response + "/$ref");
        if (reference.isString() && reference.asString().startsWith("#")) {
            response = reference.asString().substring(1);
        }
        String pointer = response + "/content/" + escape(mediaType);
        if (document.at(pointer).isMissingNode()) {
            violations.add(method + " " + template + ": no " + status + " " + mediaType + " response documented");
            return null;
        }
        return pointer;
    }

    private void report(String what, List<Error> errors) {
        errors.forEach(error -> violations.add(what + ": " + error.getInstanceLocation() + " " + error.getMessage()));
    }

    private Set<String> documentedOperations() {
        Set<String> operations = new HashSet<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue().propertyNames().stream()
                        .filter(name ->
                                Set.of("get", "post", "put", "patch", "delete").contains(name))
                        .forEach(method -> operations.add(method + " " + path.getKey())));
        operations.removeIf(operation -> operation.endsWith("/v3/api-docs"));
        return operations;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
