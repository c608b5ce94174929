package io.jobstream.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What a client gets wrong is answered with a problem that names the field, never a 500. */
@JobstreamTest
class JobRequestValidationTest {

    @LocalServerPort
    int port;

    WebTestClient alice;

    @BeforeEach
    void client() {
        alice = ApiClient.as("alice", port).http();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type": "demo", "payload": {"stages": 2}                       | body
            [1, 2, 3]                                                       | body
            {"payload": {"stages": 2}}                                      | type
            {"type": 42, "payload": {"stages": 2}}                          | type
            {"type": "", "payload": {"stages": 2}}                          | type
            {"type": "nope", "payload": {}}                                 | type
            {"type": "demo", "payload": [1]}                                | payload
            {"type": "demo", "payload": {}}                                 | payload.stages
            {"type": "demo", "payload": {"stages": "three"}}                | payload.stages
            {"type": "demo", "payload": {"stages": 0}}                      | payload.stages
            {"type": "demo", "payload": {"stages": 2.5}}                    | payload.stages
            {"type": "demo", "payload": {"stages": 2, "stage_ms": -1}}      | payload.stage_ms
            {"type": "demo", "payload": {"stages": 2, "stagez": 1}}         | payload.stagez
            {"type": "demo", "payload": {"stages": 2, "fail_at_stage": 3}}  | payload.fail_at_stage
            {"type": "demo", "payload": {"stages": 2, "error_code": "OOPS"}} | payload.error_code
            {"type": "demo", "payload": {"stages": 2}, "priority": 1}       | priority
            """)
    void badSubmissionIsAProblemNamingTheField(String body, String field) {
        alice.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(400)
                .jsonPath("$.error_code")
                .isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.errors[0].field")
                .isEqualTo(field)
                .jsonPath("$.type")
                .value(startsWith("https://"));
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        alice.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"nope\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(containsString("known types: demo"));
    }

    @Test
    void emptyBodyIsAProblem() {
        alice.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("body");
    }

    @Test
    void jobIdThatIsNotAUuidIsAProblemNamingIt() {
        alice.get()
                .uri("/api/jobs/not-a-uuid")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("id");
    }

    @Test
    void requestsWithoutATokenAreUnauthorizedWithABearerChallenge() {
        WebTestClient anonymous =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

        anonymous
                .get()
                .uri("/api/jobs/{id}", java.util.UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer"))
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.error_code")
                .isEqualTo("UNAUTHORIZED");
        anonymous
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"demo\", \"payload\": {\"stages\": 1}}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer"));
    }

    @Test
    void bodyOverTheLimitIsContentTooLarge() {
        String big = "{\"type\": \"demo\", \"payload\": {\"stages\": 1, \"pad\": \"" + "x".repeat(1_200_000) + "\"}}";

        alice.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(big)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("body");
    }

    @Test
    void bodyThatIsNotJsonIsUnsupportedMediaType() {
        alice.post()
                .uri("/api/jobs")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("type=demo")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(415);
    }

    @Test
    void unknownRouteIsANotFoundProblem() {
        alice.get()
                .uri("/api/nothing-here")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("NOT_FOUND");
    }

    @ParameterizedTest
    @CsvSource({"Last-Event-ID, abc", "Last-Event-ID, -1"})
    void lastEventIdThatIsNotAnEventIdIsAProblemNamingIt(String header, String value) {
        alice.get()
                .uri("/api/jobs/{id}/events", java.util.UUID.randomUUID())
                .header(header, value)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(header);
    }

    @Test
    void afterParameterThatIsNotAnEventIdIsAProblemNamingIt() {
        alice.get()
                .uri("/api/jobs/{id}/events?after=soon", java.util.UUID.randomUUID())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("after");
    }

    @Test
    void forgedTokenIsUnauthorized() {
        WebTestClient forged = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.")
                .build();

        forged.get()
                .uri("/api/jobs/{id}", java.util.UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token"));
    }
}
