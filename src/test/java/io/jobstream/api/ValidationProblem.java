package io.jobstream.api;

import static org.hamcrest.Matchers.startsWith;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every refused request answers, whichever tier checks it: a 400 problem naming the field first at fault. */
final class ValidationProblem {

    private ValidationProblem() {}

    static void expectNaming(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus()
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
}
