package io.jobstream.security;

import io.jobstream.JobstreamApplication;
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
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With the actuator on a port of its own ({@code management.server.port}), an instance asks
 * for the same admin token there, and no longer serves the actuator on the API's port. A
 * second instance, serving requests only, as {@code @JobstreamTest}'s context has no
 * management port.
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
