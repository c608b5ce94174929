package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.HttpWorker;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Who may work: only tokens of the {@code jobs:work} scope, and only on the types their token allows. */
@JobstreamTest
class WorkerAccessTest {

    @LocalServerPort
    int port;

    @Test
    void aTokenWithoutTheWorkScopeIsForbidden() {
        for (String scopes : List.of("jobs:read jobs:write", RegisteredTypes.ADMIN_SCOPES)) {
            ApiClient.as("not-a-worker-" + UUID.randomUUID(), scopes, port)
                    .http()
                    .post()
                    .uri("/api/workers/claim")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("types", List.of("anything")))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
    }

    @Test
    void aWorkerTokenReadsNoJobs() {
        HttpWorker.any(port)
                .http()
                .get()
                .uri("/api/jobs")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aWorkerForTypeACannotClaimNorReportOnJobsOfTypeB() {
        ApiClient admin = RegisteredTypes.admin(port);
        String a = RegisteredTypes.uniqueName("a");
        String b = RegisteredTypes.uniqueName("b");
        RegisteredTypes.register(admin, a, RegisteredTypes.countingDefinition());
        RegisteredTypes.register(admin, b, RegisteredTypes.countingDefinition());
        ApiClient alice = ApiClient.as("types-" + UUID.randomUUID(), port);
        String jobOfB = alice.submit(b, Map.of("n", 1)).get("id").asString();
        HttpWorker onlyA = HttpWorker.restrictedTo(port, a);

        onlyA.claimCall(List.of(b), 1, 0).expectStatus().isNotFound();
        JsonNode claimed = HttpWorker.any(port).claimOne(b);
        assertThat(claimed.get("id").asString()).isEqualTo(jobOfB);
        onlyA.report(claimed, "progress", Map.of("percent", 10)).expectStatus().isNotFound();
        onlyA.report(claimed, "heartbeat", Map.of()).expectStatus().isNotFound();
        assertThat(alice.get(jobOfB).get("progress").get("percent").asInt()).isZero();

        String jobOfA = alice.submit(a, Map.of("n", 1)).get("id").asString();
        assertThat(onlyA.claimOne(a).get("id").asString()).isEqualTo(jobOfA);
    }

    @Test
    void aTypeDeliveredOverKafkaCannotBeClaimedOverHttp() {
        String name = RegisteredTypes.uniqueName("kafka");
        Map<String, Object> definition = new java.util.HashMap<>(RegisteredTypes.countingDefinition());
        definition.put("delivery", "kafka");
        RegisteredTypes.register(RegisteredTypes.admin(port), name, definition);
        HttpWorker.any(port)
                .claimCall(List.of(name), 1, 0)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("types");
    }
}
