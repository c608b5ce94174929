package io.jobstream.api;

import static org.mockito.Mockito.verifyNoInteractions;

import io.jobstream.job.BatchService;
import io.jobstream.job.JobService;
import io.jobstream.job.JobSubmissions;
import io.jobstream.progress.AllJobsFeed;
import io.jobstream.progress.BatchFeed;
import io.jobstream.progress.SingleJobFeed;
import io.jobstream.support.Tokens;
import java.net.URI;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a client gets wrong in a request to the jobs API is answered with a problem that
 * names the field, never a 500, and before any service is called. Payloads, which their job
 * type checks, are in {@code JobRequestValidationTest}.
 */
@ApiSliceTest
class JobRoutesTest {

    @Autowired
    WebTestClient http;

    @Autowired
    JobService jobs;

    @Autowired
    JobSubmissions submissions;

    @Autowired
    BatchService batches;

    @Autowired
    SingleJobFeed jobFeed;

    @Autowired
    AllJobsFeed allJobsFeed;

    @Autowired
    BatchFeed batchFeed;

    WebTestClient alice;

    @BeforeEach
    void client() {
        alice = http.mutateWith(ApiSliceTest.Token.of("alice", Tokens.READ_WRITE));
    }

    @AfterEach
    void noServiceIsCalled() {
        verifyNoInteractions(jobs, submissions, batches, jobFeed, allJobsFeed, batchFeed);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type": "demo", "payload": {"stages": 2}                       | body
            [1, 2, 3]                                                       | body
            {"payload": {"stages": 2}}                                      | type
            {"type": 42, "payload": {"stages": 2}}                          | type
            {"type": "", "payload": {"stages": 2}}                          | type
            {"type": "demo", "payload": [1]}                                | payload
            {"type": "demo", "payload": {"stages": 2}, "priority": 1}       | priority
            """)
    void badSubmissionIsAProblemNamingTheField(String body, String field) {
        ValidationProblem.expectNaming(
                alice.post()
                        .uri("/api/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                field);
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

    static Stream<String> keysOutsideTheRule() {
        return Stream.of("two words", "tab\tbetween", "x".repeat(256));
    }

    @ParameterizedTest
    @MethodSource("keysOutsideTheRule")
    void idempotencyKeyOutsideTheRuleIsAProblemNamingTheHeader(String key) {
        alice.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key)
                .bodyValue("{\"type\": \"demo\", \"payload\": {\"stages\": 1}}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key")
                .jsonPath("$.errors[0].message")
                .isEqualTo("must be 1 to 255 visible ASCII characters (no spaces)");
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
    void bodyOverTheLimitIsContentTooLarge() {
        String big = "{\"type\": \"demo\", \"payload\": {\"stages\": 1, \"pad\": \"" + "x".repeat(2_200_000) + "\"}}";

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
                .uri("/api/jobs/{id}/events", UUID.randomUUID())
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
                .uri("/api/jobs/{id}/events?after=soon", UUID.randomUUID())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("after");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            limit=0                  | limit
            limit=101                | limit
            limit=ten                | limit
            offset=-1                | offset
            status=paused            | status
            sort=owner               | sort
            order=up                 | order
            created_from=yesterday   | created_from
            batch_id=42              | batch_id
            cursor=not-a-cursor      | cursor
            colour=red               | colour
            status=,                 | status
            created_from=9999999999999999 | created_from
            created_to=+20000-01-01T00:00:00Z | created_to
            type=a%00b               | type
            """)
    void badListParameterIsAProblemNamingIt(String query, String parameter) {
        alice.get()
                .uri(URI.create("/api/jobs?" + query.replace("+", "%2B")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.errors[0].field")
                .isEqualTo(parameter);
    }

    @Test
    void forgedCursorIsAProblemNotAServerError() {
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("CREATED_AT\ndesc\nyesterday\n" + UUID.randomUUID()).getBytes());

        alice.get()
                .uri("/api/jobs?cursor={c}", forged)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("cursor");
    }
}
