package io.jobstream.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20's fast failover, as an operator would try it: three instances on one database and
 * broker (this test's application and two in JVMs of their own), one killed with SIGKILL while
 * it runs jobs and while start commands wait in its partitions. Both kinds of its jobs must be
 * running elsewhere within 15 s of the kill, with the default lease, reaper and Kafka session
 * timings, and no stage may run twice.
 */
@JobstreamTest
class FailoverTest {

    /** What the issue asks of the default settings. */
    private static final Duration REQUIRED = Duration.ofSeconds(15);
    /**
     * The kill is timed when {@code destroyForcibly} returns and each restart by the database's
     * clock as its claim commits, on one machine: the allowance covers a loaded machine's
     * scheduling of three JVMs on two shared cores, not the design, whose bound is 12.5 s.
     */
    private static final Duration ALLOWANCE = Duration.ofSeconds(2);

    private static final String WORKER_GROUP = "jobstream-workers";
    private static final String COMMANDS_TOPIC = "jobstream.commands";
    private static final int PARTITIONS = 12;
    private static final int VICTIM_CAPACITY = 8;
    private static final int OWNERS = 4;
    private static final int JOBS_PER_OWNER = 15;
    /** Long enough that every job still runs when the failover is over, short enough for the suite. */
    private static final Map<String, Object> LONG_JOB = Map.of("stages", 3, "stage_ms", 6_000);

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    ApplicationContext context;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // three JVMs starting on a shared machine
    void jobsOfAKilledInstanceRunElsewhereWithinFifteenSeconds() throws Exception {
        String victim = "victim-" + UUID.randomUUID();
        String survivor = "survivor-" + UUID.randomUUID();
        Path victimOutput = Files.createTempFile("jobstream-victim", ".log");
        Path survivorOutput = Files.createTempFile("jobstream-survivor", ".log");
        Process victimProcess = startWithDefaultTimings(victim, VICTIM_CAPACITY, victimOutput);
        Process survivorProcess = startWithDefaultTimings(survivor, 48, survivorOutput);
        // this application's reaper looks every 300 ms (JobstreamTest); only the survivor's, at the
        // default interval, requeues the victim's jobs, so what is measured is what the defaults give
        SmartLifecycle reaperHere = context.getBean("leaseReaper", SmartLifecycle.class);
        reaperHere.stop();
        try {
            await().atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        alive(victimProcess, victimOutput);
                        alive(survivorProcess, survivorOutput);
                        assertThat(workers())
                                .as("members of the workers' group")
                                .isEqualTo(3);
                    });
            List<String> ids = submitLongJobs();

            // the victim is full, and commands for it wait in its partitions, which only it reads
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(heldBy(ids, victim).size() == VICTIM_CAPACITY
                                    && !waitingIn(partitionsOf(victim), ids).isEmpty())
                            .as("victim full, commands waiting in its partitions: %s", where(ids))
                            .isTrue());

            victimProcess.destroyForcibly();
            Instant killed = Instant.now();
            victimProcess.waitFor();
            // what it held and what waited for it as it died: the rows cannot change under a dead
            // instance, and its partitions stay its own until the session timeout
            Set<String> held = heldBy(ids, victim);
            Set<String> waiting = waitingIn(partitionsOf(victim), ids);
            assertThat(held).isNotEmpty();
            assertThat(waiting).isNotEmpty();
            Set<String> victims = new HashSet<>(held);
            victims.addAll(waiting);

            // running on another instance: started again (or for the first time) after the kill
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> restarts(victims, killed).size() == victims.size());
            Map<String, Instant> restarts = restarts(victims, killed);
            List<Duration> delays = restarts.values().stream()
                    .map(at -> Duration.between(killed, at))
                    .sorted()
                    .toList();
            System.out.printf(
                    "Failover: %d running and %d queued jobs of the killed instance started elsewhere"
                            + " %d ms (p50) and %d ms (max) after the kill%n",
                    held.size(),
                    waiting.size(),
                    delays.get(delays.size() / 2).toMillis(),
                    delays.getLast().toMillis());
            assertThat(delays.getLast()).as("the slowest restart").isLessThanOrEqualTo(REQUIRED.plus(ALLOWANCE));

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> completed(ids) == ids.size());
            for (String id : ids) {
                assertThat(stagesRecorded(id))
                        .as("stages of job %s", id)
                        .containsExactly("stage-1", "stage-2", "stage-3");
                assertThat(attempts(id)).as("attempts of job %s", id).isBetween(1, victims.contains(id) ? 2 : 1);
            }
            held.forEach(id -> assertThat(attempts(id)).isEqualTo(2));
            waiting.forEach(id -> assertThat(attempts(id)).isEqualTo(1));
        } finally {
            reaperHere.start();
            victimProcess.destroyForcibly();
            survivorProcess.destroyForcibly();
        }
    }

    /**
     * An instance in its own JVM with jobstream's default lease, reaper interval and Kafka
     * session timeout (the tests' own are shorter), and room for {@code capacity} jobs.
     */
    private static Process startWithDefaultTimings(String instanceId, int capacity, Path output) throws Exception {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.applicationProperties());
        properties.put("server.port", "0");
        properties.put("jobstream.execution.instance-id", instanceId);
        properties.put("jobstream.execution.max-concurrent-jobs", String.valueOf(capacity));
        // which partitions it holds shows in the workers' group under this name
        properties.put("jobstream.kafka.properties.client.id", instanceId);
        return Instances.startProcess(properties, "256m", output);
    }

    private static void alive(Process process, Path output) {
        assertThat(process.isAlive())
                .as("the process ended; its output:%n%s", Instances.output(output))
                .isTrue();
    }

    /** Members of the workers' consumer group, once it is stable (no rebalance under way); 0 before. */
    private static int workers() throws Exception {
        ConsumerGroupDescription group = workersGroup();
        boolean everyoneHasWork = group.members().stream()
                .allMatch(member -> !member.assignment().topicPartitions().isEmpty());
        return group.groupState() == GroupState.STABLE && everyoneHasWork
                ? group.members().size()
                : 0;
    }

    private static ConsumerGroupDescription workersGroup() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(WORKER_GROUP))
                    .describedGroups()
                    .get(WORKER_GROUP)
                    .get(10, TimeUnit.SECONDS);
        }
    }

    /** One batch per owner: several owners, so that the tests' per-owner limit (20) lets every job go at once. */
    private List<String> submitLongJobs() {
        List<String> ids = new ArrayList<>();
        for (int owner = 0; owner < OWNERS; owner++) {
            JsonNode batch = ApiClient.as("failover-" + UUID.randomUUID(), port)
                    .http()
                    .post()
                    .uri("/api/jobs/batch")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of(
                            "jobs", Collections.nCopies(JOBS_PER_OWNER, Map.of("type", "demo", "payload", LONG_JOB))))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            batch.get("jobs").forEach(job -> ids.add(job.get("id").asString()));
        }
        assertThat(ids).hasSize(OWNERS * JOBS_PER_OWNER);
        return ids;
    }

    /** How many jobs are in each status, on each instance: what a failure message shows. */
    private Map<String, Long> where(List<String> ids) {
        return db.sql("select status || ' ' || coalesce(claimed_by, '')"
                        + " || case when dispatched_at is null then '' else ' dispatched' end as place,"
                        + " count(*) as n from jobs where id = any(:ids) group by 1")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new))
                .map(row -> Map.entry(row.get("place", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block(Duration.ofSeconds(5));
    }

    private Set<String> heldBy(List<String> ids, String instance) {
        return idsWhere(ids, "status = 'processing' and claimed_by = :instance", Map.of("instance", instance));
    }

    /** Queued jobs whose start commands went to one of {@code partitions}. */
    private Set<String> waitingIn(Set<Integer> partitions, List<String> ids) {
        Set<String> waiting = idsWhere(ids, "status = 'queued' and dispatched_at is not null", Map.of());
        waiting.removeIf(id -> !partitions.contains(partition(id)));
        return waiting;
    }

    /** The partition of the commands topic a job's start command goes to: Kafka's partitioner for its key. */
    private static int partition(String jobId) {
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The partitions of the commands topic that {@code instance}'s worker holds (its Kafka client id is its name). */
    private static Set<Integer> partitionsOf(String instance) throws Exception {
        return workersGroup().members().stream()
                .filter(member -> member.clientId().equals(instance))
                .flatMap(member -> member.assignment().topicPartitions().stream())
                .filter(partition -> partition.topic().equals(COMMANDS_TOPIC))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }

    private Set<String> idsWhere(List<String> ids, String condition, Map<String, Object> bindings) {
        var spec = db.sql("select id from jobs where id = any(:ids) and " + condition)
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new));
        for (var binding : bindings.entrySet()) {
            spec = spec.bind(binding.getKey(), binding.getValue());
        }
        return new HashSet<>(spec.map(row -> String.valueOf(row.get("id", UUID.class)))
                .all()
                .collectList()
                .block(Duration.ofSeconds(5)));
    }

    /** When each job last started (claimed, by the database's clock), of those that started after {@code since}. */
    private Map<String, Instant> restarts(Set<String> ids, Instant since) {
        return db.sql("select job_id, max(created_at) as started from job_events where job_id = any(:ids)"
                        + " and kind = 'started' group by job_id having max(created_at) > :since")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new))
                .bind("since", since)
                .map(row -> Map.entry(String.valueOf(row.get("job_id", UUID.class)), row.get("started", Instant.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block(Duration.ofSeconds(5));
    }

    private long completed(List<String> ids) {
        return idsWhere(ids, "status = 'completed'", Map.of()).size();
    }

    /** The stages whose completion was recorded, in order: a stage that ran to its end twice shows twice. */
    private List<String> stagesRecorded(String id) {
        return db.sql("select stage from job_events where job_id = :id and kind = 'progress' order by seq")
                .bind("id", UUID.fromString(id))
                .map(row -> row.get("stage", String.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(5));
    }

    private int attempts(String id) {
        return db.sql("select attempts from jobs where id = :id")
                .bind("id", UUID.fromString(id))
                .map(row -> row.get("attempts", Integer.class))
                .one()
                .block(Duration.ofSeconds(5));
    }
}
