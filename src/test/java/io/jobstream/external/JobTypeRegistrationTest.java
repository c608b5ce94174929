package io.jobstream.external;

import static io.jobstream.support.SubmissionsTopic.deadLetterReasons;
import static io.jobstream.support.SubmissionsTopic.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.jobstream.dispatch.JobStart;
import io.jobstream.dispatch.StartCommands;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * An operator registers a type whose workers run elsewhere; users submit jobs of it on every
 * door, checked against its schema, and the jobs wait for those workers; retiring it refuses
 * new jobs and leaves the ones it has.
 */
@JobstreamTest
class JobTypeRegistrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    StartCommands commands;

    ApiClient admin;
    ApiClient alice;
    String name;

    @BeforeEach
    void clients() {
        admin = RegisteredTypes.admin(port);
        alice = ApiClient.as("registered-" + UUID.randomUUID(), port);
        name = RegisteredTypes.uniqueName("count");
    }

    private WebTestClient.ResponseSpec put(String typeName, Object definition) {
        return admin.http()
                .put()
                .uri("/api/job-types/{name}", typeName)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(definition)
                .exchange();
    }

    private WebTestClient.ResponseSpec submit(Object body) {
        return alice.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static void expectNaming(WebTestClient.ResponseSpec response, String field, String words) {
        response.expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.error_code")
                .isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.errors[0].field")
                .isEqualTo(field)
                .jsonPath("$.errors[0].message")
                .value(containsString(words));
    }

    @Test
    void registeredTypeIsInTheCatalogBesideTheBuiltInOnes() {
        put(name, RegisteredTypes.countingDefinition())
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/api/job-types/" + name);
        Map<String, Object> changed = new HashMap<>(RegisteredTypes.countingDefinition());
        changed.put("retry", Map.of("max_attempts", 5, "initial_backoff", "2s"));
        changed.put("delivery", "kafka");
        put(name, changed)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.delivery")
                .isEqualTo("kafka");

        JsonNode listed = null;
        for (JsonNode type : alice.getJson("/api/job-types").get("job_types")) {
            if (type.get("name").asString().equals(name)) {
                listed = type;
            }
            if (type.get("name").asString().equals("demo")) {
                assertThat(type.get("external").asBoolean()).isFalse();
                assertThat(type.get("delivery").isNull()).isTrue();
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed).isEqualTo(alice.getJson("/api/job-types/{name}", name));
        assertThat(listed.get("external").asBoolean()).isTrue();
        assertThat(listed.get("delivery").asString()).isEqualTo("kafka");
        assertThat(listed.get("heartbeat_timeout").asString()).isEqualTo("PT10S");
        assertThat(listed.at("/retry_policy/max_attempts").asInt()).isEqualTo(5);
        assertThat(listed.at("/retry_policy/initial_backoff").asString()).isEqualTo("PT2S");
        assertThat(listed.get("stage_timeout").asString()).isEqualTo("PT30M");
        assertThat(listed.get("stages").valueStream().map(JsonNode::asString)).containsExactly("fetch", "read");
        assertThat(listed.at("/payload_schema/required/0").asString()).isEqualTo("n");
        assertThat(listed.get("retired_at").isNull()).isTrue();
    }

    @Test
    void badRegistrationsAreRefusedNamingTheField() {
        Map<String, Object> badSchema = new HashMap<>(RegisteredTypes.countingDefinition());
        badSchema.put("payload_schema", Map.of("type", "integr"));
        expectNaming(put(name, badSchema), "payload_schema", "not a valid JSON Schema");
        Map<String, Object> badTimeout = new HashMap<>(RegisteredTypes.countingDefinition());
        badTimeout.put("heartbeat_timeout", "soon");
        expectNaming(put(name, badTimeout), "heartbeat_timeout", "30s");
        expectNaming(put("demo", RegisteredTypes.countingDefinition()), "name", "built-in");
        expectNaming(put("pdf", RegisteredTypes.countingDefinition()), "name", "built-in");
        expectNaming(put("Not_Lower", RegisteredTypes.countingDefinition()), "name", "lower-case");
        expectNaming(put(name, List.of(1)), "body", "JSON object");

        alice.http()
                .get()
                .uri("/api/job-types/{name}", name)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void submissionsOnEveryDoorAreCheckedAgainstTheRegisteredSchemaAndWaitForAWorker() {
        RegisteredTypes.register(admin, name, RegisteredTypes.countingDefinition());

        expectNaming(submit(Map.of("type", name, "payload", Map.of("n", 11))), "payload.n", "at most 10");
        expectNaming(submit(Map.of("type", name, "payload", Map.of("n", 1, "m", 2))), "payload.m", "not a field");
        String id = alice.submit(name, Map.of("n", 3)).get("id").asString();
        alice.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "jobs",
                        List.of(
                                Map.of("type", name, "payload", Map.of("n", 1)),
                                Map.of("type", name, "payload", Map.of("n", "two")))))
                .exchange()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("jobs[1].payload.n");
        JsonNode batch = batchOf(
                Map.of("type", name, "payload", Map.of("n", 1)),
                Map.of("type", "demo", "payload", Map.of("stages", 1)));
        String inBatch = batch.at("/jobs/0/id").asString();
        // a start command that should never have been sent takes nothing either
        commands.publish(List.of(new JobStart(UUID.fromString(id), null))).block(ApiClient.TIMEOUT);

        // the relay looks every 100 ms: ten looks and more, and no worker of this service took them
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> alice.get(id).get("status").asString().equals("queued")
                        && alice.get(inBatch).get("status").asString().equals("queued"));
        assertThat(alice.get(id).get("attempts").asInt()).isZero();
        assertThat(undispatchedExternal(id)).isTrue();
        assertThat(undispatchedExternal(inBatch)).isTrue();
        alice.awaitStatus(batch.at("/jobs/1/id").asString(), "completed");

        assertThat(alice.cancel(id).get("status").asString()).isEqualTo("cancelled");
        alice.cancel(inBatch);
    }

    private JsonNode batchOf(Object... jobs) {
        byte[] body = alice.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("jobs", List.of(jobs)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return tools.jackson.databind.json.JsonMapper.shared().readTree(body);
    }

    /** Stored for external workers, and never marked for this service's start commands. */
    private boolean undispatchedExternal(String id) {
        return db.sql("select external and dispatched_at is null as waiting from jobs where id = :id")
                .bind("id", UUID.fromString(id))
                .map(row -> row.get("waiting", Boolean.class))
                .one()
                .block(ApiClient.TIMEOUT);
    }

    @Test
    void kafkaRecordsOfARegisteredTypeAreCheckedAgainstItsSchema() {
        RegisteredTypes.register(admin, name, RegisteredTypes.countingDefinition());
        String owner = alice.subject();
        String refused = "refused-" + UUID.randomUUID();
        produce(refused, "{\"type\": \"" + name + "\", \"payload\": {\"n\": 0}, \"owner\": \"" + owner + "\"}");
        produce(
                "taken-" + UUID.randomUUID(),
                "{\"type\": \"" + name + "\", \"payload\": {\"n\": 4}, \"owner\": \"" + owner + "\"}");

        assertThat(deadLetterReasons(List.of(refused)).get(refused))
                .contains("payload.n")
                .contains("at least 1");
        await().atMost(ApiClient.TIMEOUT)
                .until(() -> alice.getJson("/api/jobs").get("jobs").size() == 1);
        JsonNode job = alice.getJson("/api/jobs").get("jobs").get(0);
        assertThat(job.get("type").asString()).isEqualTo(name);
        assertThat(job.get("status").asString()).isEqualTo("queued");
        alice.cancel(job.get("id").asString());
    }

    @Test
    void aRetiredTypeRefusesNewJobsAndKeepsTheOnesItHas() {
        RegisteredTypes.register(admin, name, RegisteredTypes.countingDefinition());
        String waiting = alice.submit(name, Map.of("n", 1)).get("id").asString();

        admin.http()
                .delete()
                .uri("/api/job-types/{name}", name)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.retired_at")
                .isNotEmpty();

        expectNaming(submit(Map.of("type", name, "payload", Map.of("n", 1))), "type", "retired");
        assertThat(alice.getJson("/api/job-types")
                        .get("job_types")
                        .valueStream()
                        .map(type -> type.get("name").asString()))
                .doesNotContain(name);
        assertThat(alice.getJson("/api/job-types/{name}", name)
                        .get("retired_at")
                        .isNull())
                .isFalse();
        assertThat(alice.get(waiting).get("status").asString()).isEqualTo("queued");
        admin.http()
                .delete()
                .uri("/api/job-types/{name}", name)
                .exchange()
                .expectStatus()
                .isOk();

        RegisteredTypes.register(admin, name, RegisteredTypes.countingDefinition());
        String again = alice.submit(name, Map.of("n", 2)).get("id").asString();
        assertThat(alice.cancel(waiting).get("status").asString()).isEqualTo("cancelled");
        alice.cancel(again);
    }

    @Test
    void builtInTypesCannotBeRetiredAndUnknownOnesAreNotFound() {
        expectNaming(admin.http().delete().uri("/api/job-types/demo").exchange(), "name", "built-in");
        admin.http()
                .delete()
                .uri("/api/job-types/{name}", name)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aChangedSchemaHoldsForTheNextSubmission() {
        RegisteredTypes.register(admin, name, RegisteredTypes.countingDefinition());
        alice.cancel(alice.submit(name, Map.of("n", 1)).get("id").asString());
        Map<String, Object> stricter = new HashMap<>(RegisteredTypes.countingDefinition());
        stricter.put(
                "payload_schema",
                Map.of(
                        "type",
                        "object",
                        "required",
                        List.of("n", "label"),
                        "properties",
                        Map.of("label", Map.of("type", "string"))));
        RegisteredTypes.register(admin, name, stricter);

        expectNaming(submit(Map.of("type", name, "payload", Map.of("n", 1))), "payload.label", "required");
    }
}
