package io.jobstream.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.JobstreamApplication;
import io.jobstream.dispatch.JobStart;
import io.jobstream.dispatch.StartCommands;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.RegisteredTypes;
import io.jobstream.support.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on the same PostgreSQL and Kafka: this test's application (A) and a second
 * one started here (B), in one consumer group. Jobs are shared, never run twice at once,
 * cancels reach whichever instance runs the job, and a stopping instance's jobs are resumed
 * by the other one.
 */
@JobstreamTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTest {

    private static final String B = "instance-b-" + UUID.randomUUID();
    private static ConfigurableApplicationContext second;

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    StartCommands commands;

    @Autowired
    ExecutionProperties execution;

    final ApiClient alice = ApiClient.as("two-instances-" + UUID.randomUUID(), 0);

    @BeforeAll
    static void startSecondInstance() {
        Map<String, Object> properties = new HashMap<>(TestInfrastructure.applicationProperties());
        properties.put("server.port", "0");
        properties.put("jobstream.execution.instance-id", B);
        properties.put("jobstream.execution.lease", "3s");
        properties.put("jobstream.execution.reaper-interval", "300ms");
        properties.put("jobstream.dispatch.interval", "100ms");
        properties.put("jobstream.quota.max-active-jobs-per-owner", "20");
        properties.put("jobstream.execution.max-concurrent-jobs", "32");
        // as arguments: they must win over application.yaml, which mere default properties do not
        second = new SpringApplicationBuilder(JobstreamApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null && second.isActive()) {
            second.close();
        }
    }

    private ApiClient client() {
        return ApiClient.as(alice.subject(), port);
    }

    /** Submits long jobs until one runs on B; cancels the others. */
    private String aJobRunningOnB(ApiClient client, Map<String, Object> payload) {
        return aJobRunningOn(client, B, payload);
    }

    private String aJobRunningOn(ApiClient client, String instance, Map<String, Object> payload) {
        return Instances.aJobRunningOn(db, client, instance, payload, Duration.ofSeconds(60), Optional::empty);
    }

    /**
     * Registered on one instance, in force on the other as soon as the change is announced:
     * moments, so the other is given a second at most.
     */
    @Test
    @Order(-1)
    void aTypeRegisteredOnOneInstanceChecksSubmissionsOnTheOther() {
        int portOfB = Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
        String name = RegisteredTypes.uniqueName("two-instances");
        RegisteredTypes.register(RegisteredTypes.admin(portOfB), name, RegisteredTypes.countingDefinition());

        ApiClient onA = client();
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> onA.http()
                        .post()
                        .uri("/api/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("type", name, "payload", Map.of("n", 0)))
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody()
                        .jsonPath("$.errors[0].field")
                        .isEqualTo("payload.n"));
        onA.cancel(onA.submit(name, Map.of("n", 1)).get("id").asString());

        Map<String, Object> stricter = new HashMap<>(RegisteredTypes.countingDefinition());
        stricter.put("payload_schema", Map.of("type", "object", "required", List.of("label")));
        RegisteredTypes.register(RegisteredTypes.admin(port), name, stricter);
        ApiClient onB = ApiClient.as(alice.subject(), portOfB);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> onB.http()
                        .post()
                        .uri("/api/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("type", name, "payload", Map.of("n", 1)))
                        .exchange()
                        .expectBody()
                        .jsonPath("$.errors[0].field")
                        .isEqualTo("payload.label"));
    }

    @Test
    @Order(0)
    void streamOfAllJobsOnOneInstanceShowsJobsThatRunOnTheOther() {
        int portOfB = Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
        ApiClient onB = ApiClient.as(alice.subject(), portOfB);
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        Disposable stream = onB.stream("/api/jobs/events", null).subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());

        // a job that runs on A (this test's instance), followed on B
        String id = aJobRunningOn(client(), execution.instanceId(), Map.of("stages", 2, "stage_ms", 500));
        client().awaitStatus(id, "completed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> received.stream()
                        .anyMatch(event -> "completed".equals(event.event())
                                && event.data().contains(id)));
        stream.dispose();

        List<String> kinds = received.stream()
                .filter(event -> event.data() != null && event.data().contains(id))
                .map(ServerSentEvent::event)
                .toList();
        assertThat(kinds).containsExactly("queued", "started", "progress", "progress", "completed");
    }

    @Test
    @Order(1)
    void duplicatedStartCommandsRunEachJobOnce() {
        ApiClient client = client();
        List<String> ids = IntStream.range(0, 12)
                .mapToObj(i -> client.submit("demo", Map.of("stages", 1, "stage_ms", 300))
                        .get("id")
                        .asString())
                .toList();
        StartCommands fromB = second.getBean(StartCommands.class);
        List<JobStart> starts =
                ids.stream().map(id -> new JobStart(UUID.fromString(id), null)).toList();
        commands.publish(starts).block(Duration.ofSeconds(10));
        fromB.publish(starts).block(Duration.ofSeconds(10));

        for (String id : ids) {
            JsonNode job = client.awaitStatus(id, "completed");
            assertThat(job.get("attempts").asInt()).as(id).isEqualTo(1);
            List<String> kinds = StreamSupport.stream(
                            client.getJson("/api/jobs/{id}/events", id)
                                    .get("events")
                                    .spliterator(),
                            false)
                    .map(e -> e.get("kind").asString())
                    .toList();
            assertThat(kinds).as(id).containsExactly("queued", "started", "progress", "completed");
        }
    }

    @Test
    @Order(2)
    void cancelOnOneInstanceStopsTheJobOnTheOther() {
        ApiClient client = client();
        MeterRegistry metersOfB = second.getBean(MeterRegistry.class);
        String id = aJobRunningOnB(client, Map.of("stages", 2, "stage_ms", 20_000));
        assertThat(metersOfB.get("jobstream.jobs.running").gauge().value()).isGreaterThanOrEqualTo(1);

        client.cancel(id);

        await().atMost(Duration.ofSeconds(1))
                .until(() -> metersOfB.get("jobstream.jobs.running").gauge().value() == 0);
        assertThat(client.get(id).get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    @Order(3)
    void jobsOfAStoppingInstanceAreResumedByTheOther() {
        ApiClient client = client();
        String id = aJobRunningOnB(client, Map.of("stages", 3, "stage_ms", 1_500));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.get(id).at("/progress/percent").asInt() >= 33);

        second.close();

        JsonNode job = client.awaitStatus(id, "completed");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        List<String> stages = StreamSupport.stream(
                        client.getJson("/api/jobs/{id}/events", id)
                                .get("events")
                                .spliterator(),
                        false)
                .filter(e -> e.get("kind").asString().equals("progress"))
                .map(e -> e.at("/progress/stage").asString())
                .toList();
        assertThat(stages).containsExactly("stage-1", "stage-2", "stage-3");
        List<String> messages = StreamSupport.stream(
                        client.getJson("/api/jobs/{id}/logs", id).get("logs").spliterator(), false)
                .map(l -> l.get("message").asString())
                .toList();
        assertThat(messages).anyMatch(message -> message.endsWith("Requeued: the instance that ran it stopped"));
    }
}
