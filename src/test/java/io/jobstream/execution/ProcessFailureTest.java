package io.jobstream.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.JobstreamApplication;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * What the delivery guarantees promise when something really breaks: an instance whose
 * Kafka is unreachable, an instance killed with SIGKILL in the middle of a job (a second JVM
 * on the same PostgreSQL and Kafka), and a worker that is full for longer than Kafka lets a
 * consumer go without polling.
 */
@JobstreamTest
class ProcessFailureTest {

    private static final String WORKER_GROUP = "jobstream-workers";

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Autowired
    ApplicationContext context;

    @Test
    void jobSubmittedToAnInstanceThatCannotReachKafkaStillRuns() throws IOException {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.applicationProperties());
        properties.put("jobstream.kafka.bootstrap-servers", "127.0.0.1:" + closedPort());
        properties.put("jobstream.execution.instance-id", "no-kafka-" + UUID.randomUUID());
        String owner = "no-kafka-" + UUID.randomUUID();
        String id;
        // this instance's relay waits, so that the one without Kafka tries first
        SmartLifecycle relayHere = context.getBean("outboxRelay", SmartLifecycle.class);
        relayHere.stop();
        try (ConfigurableApplicationContext noKafka = start(properties)) {
            int noKafkaPort = Integer.parseInt(noKafka.getEnvironment().getProperty("local.server.port", "0"));

            // accepted and stored, though its start command could not be published
            id = ApiClient.as(owner, noKafkaPort)
                    .submit("demo", Map.of("stages", 1, "stage_ms", 0))
                    .get("id")
                    .asString();

            // that instance's relay takes the job, fails to publish it and takes its mark back
            List<Boolean> marks = new ArrayList<>();
            String job = id;
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        marks.add(dispatched(job));
                        return marks.contains(true) && !marks.getLast();
                    });
            assertThat(statuses(List.of(id))).containsOnlyKeys("queued");
        } finally {
            relayHere.start();
        }

        // the relay of an instance that reaches Kafka publishes it
        JsonNode job = ApiClient.as(owner, port).awaitStatus(id, "completed");
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
    }

    private boolean dispatched(String jobId) {
        return db.sql("select dispatched_at is not null as marked from jobs where id = :id")
                .bind("id", UUID.fromString(jobId))
                .map(row -> row.get("marked", Boolean.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    @Test
    void jobOfAKilledProcessResumesElsewhereFromItsLastCheckpoint() throws Exception {
        String killed = "killed-" + UUID.randomUUID();
        Path output = Files.createTempFile("jobstream-killed-instance", ".log");
        Process process = Instances.startProcess(killed, output);
        try {
            ApiClient client = ApiClient.as("kill-" + UUID.randomUUID(), port);
            String id = Instances.aJobRunningOn(
                    db,
                    client,
                    killed,
                    Map.of("stages", 3, "stage_ms", 1_500),
                    Duration.ofSeconds(90),
                    () -> process.isAlive()
                            ? Optional.empty()
                            : Optional.of("its process ended; its output:\n" + Instances.output(output)));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> client.get(id).at("/progress/percent").asInt() >= 33);

            process.destroyForcibly().waitFor();

            // no graceful stop: the lease expires, the job is requeued and published again,
            // the killed consumer's partitions move, and this instance resumes the job
            JsonNode job = client.awaitStatus(id, "completed");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(stagesReported(client, id)).containsExactly("stage-1", "stage-2", "stage-3");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void fullWorkerStopsTakingJobsWithoutLosingItsPartitions() {
        int capacity = environment.getRequiredProperty("jobstream.execution.max-concurrent-jobs", Integer.class);
        Duration maxPollInterval = environment.getRequiredProperty("jobstream.kafka.max-poll-interval", Duration.class);
        List<ApiClient> owners = IntStream.range(0, 3)
                .mapToObj(i -> ApiClient.as("full-" + UUID.randomUUID(), port))
                .toList();
        List<String> ids = new ArrayList<>();
        for (ApiClient owner : owners) {
            for (int i = 0; i < 14; i++) {
                ids.add(owner.submit("demo", Map.of("stages", 1, "stage_ms", 8_000))
                        .get("id")
                        .asString());
            }
        }

        // full: as many jobs run as the worker takes, the rest wait queued, for longer than
        // a consumer may go without polling
        AtomicLong mostRunning = new AtomicLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> running() >= capacity);
        double revokedBefore = revoked();
        double assignedBefore = assigned();
        assertThat(assignedBefore).isPositive();
        long fullUntil = System.nanoTime() + maxPollInterval.plusSeconds(1).toNanos();
        while (System.nanoTime() < fullUntil) {
            mostRunning.accumulateAndGet((long) running(), Math::max);
            Map<String, Long> statuses = statuses(ids);
            assertThat(statuses.getOrDefault("processing", 0L))
                    .as("%s", statuses)
                    .isLessThanOrEqualTo(capacity);
            assertThat(statuses.getOrDefault("queued", 0L))
                    .as("jobs waiting: %s", statuses)
                    .isPositive();
            sleep(Duration.ofMillis(200));
        }
        assertThat(mostRunning.get()).isEqualTo(capacity);
        assertThat(revoked()).as("partitions revoked while full").isEqualTo(revokedBefore);

        for (String id : ids) {
            ApiClient owner = owners.get(ids.indexOf(id) / 14);
            assertThat(owner.awaitStatus(id, "completed").get("attempts").asInt())
                    .as(id)
                    .isEqualTo(1);
        }
        assertThat(revoked()).isEqualTo(revokedBefore);
        assertThat(assigned()).isEqualTo(assignedBefore);
    }

    private double running() {
        return meters.get("jobstream.jobs.running").gauge().value();
    }

    private double assigned() {
        return meters.get("jobstream.kafka.partitions.assigned")
                .tag("group", WORKER_GROUP)
                .gauge()
                .value();
    }

    private double revoked() {
        return meters.get("jobstream.kafka.partitions.revoked")
                .tag("group", WORKER_GROUP)
                .counter()
                .count();
    }

    private Map<String, Long> statuses(List<String> ids) {
        return db.sql("select status, count(*) as n from jobs where id = any(:ids) group by status")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new))
                .map(row -> Map.entry(row.get("status", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block(Duration.ofSeconds(5));
    }

    private static List<String> stagesReported(ApiClient client, String id) {
        return StreamSupport.stream(
                        client.getJson("/api/jobs/{id}/events", id)
                                .get("events")
                                .spliterator(),
                        false)
                .filter(e -> e.get("kind").asString().equals("progress"))
                .map(e -> e.at("/progress/stage").asString())
                .toList();
    }

    private static ConfigurableApplicationContext start(Map<String, String> properties) {
        properties.put("server.port", "0");
        // as arguments: they must win over application.yaml, which mere default properties do not
        return new SpringApplicationBuilder(JobstreamApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    /** A local port nothing listens on: connections to it are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
