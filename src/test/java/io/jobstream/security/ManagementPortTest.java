package io.jobstream.security;

import static org.awaitility.Awaitility.await;

import io.jobstream.JobstreamApplication;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import io.jobstream.support.Tokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With the actuator on a port of its own ({@code management.server.port}), an instance asks
 * for the same admin token there, and no longer serves the actuator on the API's port. A
 * second instance, serving requests only, as {@code @JobstreamTest}'s context has no
 * management port. Its readiness is checked here too, where stopping its listener disturbs
 * no other test.
 */
@JobstreamTest
class ManagementPortTest {

    private static ConfigurableApplicationContext instance;

    @BeforeAll
    static void startAnInstanceWithAManagementPort() {
        Map<String, Object> properties = new HashMap<>(TestInfrastructure.applicationProperties());
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("jobstream.execution.instance-id", "management-port");
        properties.put("jobstream.background-work.enabled", "false");
        // as arguments: they must win over application.yaml, which mere default properties do not
        instance = new SpringApplicationBuilder(JobstreamApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    @AfterAll
    static void stopIt() {
        if (instance != null && instance.isActive()) {
            instance.close();
        }
    }

    @Test
    void theManagementPortAsksForAnAdminToken() {
        WebTestClient management = client("local.management.port");
        management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        management
                .get()
                .uri("/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.forUser("ops", "jobs:read jobs:write"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        management
                .get()
                .uri("/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.forUser("ops", "jobs:admin"))
                .exchange()
                .expectStatus()
                .isOk();
        management
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** The instance's own listener, stopped and started again: its readiness follows, nothing else's. */
    @Test
    void readinessIsDownWhileTheInstanceDoesNotListen() {
        WebTestClient management = client("local.management.port");
        JobEventNotifications notifications = instance.getBean(JobEventNotifications.class);
        notifications.stop();
        try {
            management
                    .get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectBody()
                    .jsonPath("$.components.notifications.status")
                    .isEqualTo("DOWN")
                    .jsonPath("$.components.kafka.status")
                    .isEqualTo("UP");
            management
                    .get()
                    .uri("/actuator/health/liveness")
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            notifications.start();
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> management
                        .get()
                        .uri("/actuator/health/readiness")
                        .exchange()
                        .expectStatus()
                        .isOk());
    }

    @Test
    void theApisPortNoLongerServesTheActuator() {
        client("local.server.port")
                .get()
                .uri("/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.forUser("ops", "jobs:admin"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private static WebTestClient client(String portProperty) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + instance.getEnvironment().getRequiredProperty(portProperty))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }
}
