package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalog a client reads to build a submission: every type, its schema, its limits. */
@JobstreamTest
class JobTypeCatalogTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    ApiClient alice;

    @BeforeEach
    void client() {
        alice = ApiClient.as("catalog-" + java.util.UUID.randomUUID(), port);
    }

    @Test
    void listHoldsDemoWithItsSchemaAndDefaults() {
        alice.http()
                .get()
                .uri("/api/job-types")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.job_types[*].name")
                .value(hasItem("demo"))
                .jsonPath("$.job_types[?(@.name == 'demo')].payload_schema.additionalProperties")
                .isEqualTo(false)
                .jsonPath("$.job_types[?(@.name == 'demo')].payload_schema.required[0]")
                .isEqualTo("stages");

        JsonNode demo = alice.getJson("/api/job-types/{name}", "demo");
        assertThat(demo.get("description").asString()).isNotBlank();
        assertThat(demo.at("/payload_schema/properties/stages/maximum").asInt()).isEqualTo(1000);
        assertThat(demo.get("result_type").asString()).isEqualTo("json");
        assertThat(demo.at("/retry_policy/max_attempts").asInt()).isEqualTo(3);
        assertThat(demo.at("/retry_policy/initial_backoff").asString()).isEqualTo("PT0.2S");
        assertThat(demo.at("/retry_policy/max_backoff").asString()).isEqualTo("PT2S");
        assertThat(demo.get("stage_timeout").asString()).isEqualTo("PT30M");
        assertThat(demo.get("job_timeout").asString()).isEqualTo("PT2H");
        assertThat(demo.get("stages").valueStream().map(JsonNode::asString)).containsExactly("stage-1", "…", "stage-N");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"stages\": 1}",
                "{\"stages\": 1, \"error_code\": \"TIMEOUT\", \"artifact\": true, \"max_attempts\": 2}",
                "{}",
                "{\"stages\": 0}",
                "{\"stages\": \"one\"}",
                "{\"stages\": 1, \"stagez\": 1}",
                "{\"stages\": 1, \"error_code\": \"OOPS\"}",
                "{\"stages\": 1, \"items\": [{\"name\": 1}]}",
                "{\"stages\": 1, \"job_timeout_ms\": 86400001}"
            })
    void servedSchemaJudgesAPayloadAsTheServerDoes(String payload) {
        Schema served = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(alice.getJson("/api/job-types/{name}", "demo").get("payload_schema"));
        boolean schemaAccepts = served.validate(JSON.readTree(payload)).isEmpty();

        int status = alice.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"demo\", \"payload\": " + payload + "}")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();

        assertThat(status).as("server's answer to %s", payload).isEqualTo(schemaAccepts ? 201 : 400);
    }

    @Test
    void unknownNameIsANotFoundProblem() {
        alice.http()
                .get()
                .uri("/api/job-types/nope")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("NOT_FOUND")
                .jsonPath("$.detail")
                .isEqualTo("No job type 'nope'");
    }

    @Test
    void readingTheCatalogNeedsTheReadScope() {
        ApiClient.as("catalog-writer", "jobs:write", port)
                .http()
                .get()
                .uri("/api/job-types")
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}
