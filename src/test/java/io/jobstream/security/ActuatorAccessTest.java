package io.jobstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The actuator's endpoints other than health and info show every user's workload: only an
 * admin's token reads them, and an ordinary user's gets the API's 403 problem. The probes
 * answer without a token, and readiness names what it waits for.
 */
@JobstreamTest
class ActuatorAccessTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/metrics", "/actuator/prometheus", "/actuator"})
    void anOrdinaryUsersTokenIsForbiddenWithTheApisProblem(String path) {
        ApiClient.as("actuator-user", "jobs:read jobs:write", port)
                .http()
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"jobs:admin\"")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403)
                .jsonPath("$.error_code")
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void withoutATokenItIsTheApisUnauthorizedProblem() {
        anonymous()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("UNAUTHORIZED");
    }

    @Test
    void anAdminsTokenReadsMetricsAndThePrometheusScrape() {
        WebTestClient admin = ApiClient.as("actuator-admin", "jobs:admin", port).http();
        admin.get()
                .uri("/actuator/metrics/jobstream.jobs.running")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("jobstream.jobs.running");
        String scrape = admin.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape).contains("# TYPE jobstream_jobs_running gauge");
    }

    @Test
    void probesAnswerWithoutATokenAndReadinessWaitsForKafkaAndNotifications() {
        anonymous()
                .get()
                .uri("/actuator/health/liveness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        anonymous()
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP")
                .jsonPath("$.components.notifications.status")
                .isEqualTo("UP")
                .jsonPath("$.components.readinessState.status")
                .isEqualTo("UP");
    }

    private WebTestClient anonymous() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }
}
