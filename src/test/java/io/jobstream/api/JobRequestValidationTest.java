package io.jobstream.api;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

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

/**
 * What a client gets wrong is answered with a problem that names the field, never a 500: here
 * what takes the running application, a payload its job type refuses and a token the issuer
 * did not sign. How a handler reads a request and refuses its shape, headers and parameters
 * is in the slice tests ({@link JobRoutesTest}, {@link ApiAccessTest}).
 */
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
            {"type": "nope", "payload": {}}                                 | type
            {"type": "demo", "payload": {}}                                 | payload.stages
            {"type": "demo", "payload": {"stages": "three"}}                | payload.stages
            {"type": "demo", "payload": {"stages": 0}}                      | payload.stages
            {"type": "demo", "payload": {"stages": 2.5}}                    | payload.stages
            {"type": "demo", "payload": {"stages": 2, "stage_ms": -1}}      | payload.stage_ms
            {"type": "demo", "payload": {"stages": 2, "stagez": 1}}         | payload.stagez
            {"type": "demo", "payload": {"stages": 2, "fail_at_stage": 3}}  | payload.fail_at_stage
            {"type": "demo", "payload": {"stages": 2, "error_code": "OOPS"}} | payload.error_code
            """)
    void submissionItsJobTypeRefusesIsAProblemNamingTheField(String body, String field) {
        ValidationProblem.expectNaming(
                alice.post()
                        .uri("/api/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                field);
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
                .value(allOf(
                        containsString("unknown job type 'nope'; known types: "),
                        containsString("demo"),
                        containsString("parse")));
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
