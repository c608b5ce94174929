package io.jobstream.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the running application over real HTTP, as one user. */
public final class ApiClient {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String subject;
    private final String token;
    private final WebTestClient http;

    private ApiClient(String baseUrl, String subject, String token) {
        this.baseUrl = baseUrl;
        this.subject = subject;
        this.token = token;
        this.http = WebTestClient.bindToServer()
                .baseUrl(baseUrl)
                .responseTimeout(TIMEOUT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    public static ApiClient as(String user, int port) {
        return new ApiClient("http://localhost:" + port, user, Tokens.forUser(user));
    }

    /** A client whose token carries exactly these scopes. */
    public static ApiClient as(String user, String scopes, int port) {
        return new ApiClient("http://localhost:" + port, user, Tokens.forUser(user, scopes));
    }

    public String subject() {
        return subject;
    }

    /** The bearer token, for a client of the test's own making (one that streams, say). */
    public String token() {
        return token;
    }

    public WebTestClient http() {
        return http;
    }

    /** Submits a job and returns the created job as JSON. */
    public JsonNode submit(String type, Map<String, ?> payload) {
        return submit(Map.of("type", type, "payload", payload));
    }

    /** Submits a job of a whole {@code POST /api/jobs} body (a webhook, a delay...) and returns the created job. */
    public JsonNode submit(Map<String, ?> body) {
        return json(
                http.post()
                        .uri("/api/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body),
                201);
    }

    public JsonNode get(String jobId) {
        return getJson("/api/jobs/{id}", jobId);
    }

    /** GET of any API path that answers 200 with JSON. */
    public JsonNode getJson(String uri, Object... variables) {
        return json(http.get().uri(uri, variables).accept(MediaType.APPLICATION_JSON), 200);
    }

    /** Cancels a job and returns the answer. */
    public JsonNode cancel(String jobId) {
        return json(http.delete().uri("/api/jobs/{id}", jobId), 200);
    }

    private static JsonNode json(WebTestClient.RequestHeadersSpec<?> request, int status) {
        byte[] body = request.exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    /** {@code POST /api/search} with this body, which must succeed: the answer, {@code {"results": [...]}}. */
    public JsonNode search(Map<String, ?> body) {
        return json(
                http.post()
                        .uri("/api/search")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body),
                200);
    }

    /** The content of one of the job's artifacts, as text. */
    public String artifact(String jobId, String name) {
        return http.get()
                .uri("/api/jobs/{id}/artifacts/{name}", jobId, name)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** Waits until the job has this status. */
    public JsonNode awaitStatus(String jobId, String status) {
        return awaitStatus(jobId, status, TIMEOUT);
    }

    /**
     * Waits up to {@code patience} until the job has this status: jobs over documents start a
     * parser JVM first (seconds on a busy machine) and may read many pages.
     */
    public JsonNode awaitStatus(String jobId, String status, Duration patience) {
        org.awaitility.Awaitility.await()
                .atMost(patience)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get(jobId).get("status").asString().equals(status));
        return get(jobId);
    }

    /** The job's event stream, unread; each event's data is JSON text. */
    public Flux<ServerSentEvent<String>> events(String jobId) {
        return events(jobId, null);
    }

    /** The job's event stream resumed after {@code lastEventId} (none: from the current state). */
    public Flux<ServerSentEvent<String>> events(String jobId, String lastEventId) {
        return stream("/api/jobs/" + jobId + "/events", lastEventId).filter(event -> event.comment() == null);
    }

    /**
     * Any event stream as sent, heartbeat comments included, resumed after
     * {@code lastEventId} if not null; each event's data is JSON text.
     */
    public Flux<ServerSentEvent<String>> stream(String uri, String lastEventId) {
        return WebClient.create(baseUrl)
                .get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {});
    }

    /** Reads the whole stream of a job until the server completes it. */
    public List<ServerSentEvent<String>> readEvents(String jobId) {
        return events(jobId).collectList().block(TIMEOUT);
    }

    public static JsonNode data(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }
}
