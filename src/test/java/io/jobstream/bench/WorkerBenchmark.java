package io.jobstream.bench;

import io.jobstream.support.TestInfrastructure;
import io.jobstream.support.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * No-op jobs through external workers ({@code --only=workers}): for each delivery, HTTP and
 * Kafka, a type of one stage is registered, and ONE worker process ({@link BenchWorker}, a JVM
 * of its own) completes every job of it as soon as it has it. Measured: a burn-down of N jobs
 * submitted in batches of 1,000 (jobs/s completed, from the first batch to the last
 * {@code completed_at}), after an unrecorded round of 1,000 that warms the worker's JVM; then
 * 200 jobs one at a time with the worker idle and waiting, whose {@code created_at →
 * started_at} (the claim, or over Kafka the claim made for the offer, both stamp
 * {@code started_at}) and {@code created_at → completed_at} are taken from the database.
 */
final class WorkerBenchmark {

    private static final int WARM_UP_JOBS = 1000;
    private static final int ONE_AT_A_TIME = 200;

    private final int port;
    private final int max;
    private final WebClient http;
    private final TestInfrastructure.Database database = TestInfrastructure.database();

    WorkerBenchmark(int port, int max) {
        this.port = port;
        this.max = max;
        this.http = WebClient.create("http://localhost:" + port);
    }

    Map<String, Object> run(int jobs) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("load_average_before", ProcessMemory.loadAverage());
        results.put("http (max " + max + ")", measure("http", jobs));
        results.put("kafka", measure("kafka", jobs));
        results.put("load_average_after", ProcessMemory.loadAverage());
        System.out.printf(
                "%-40s load average before %s, after %s%n",
                "external workers", results.get("load_average_before"), results.get("load_average_after"));
        return results;
    }

    private Map<String, Object> measure(String delivery, int jobs) throws Exception {
        String type =
                "bench.noop-" + delivery + "-" + UUID.randomUUID().toString().substring(0, 8);
        register(type, delivery);
        Process worker = startWorker(delivery, type);
        try {
            burnDown(type, WARM_UP_JOBS);
            String load = ProcessMemory.loadAverage();
            double[] burnDown = burnDown(type, jobs);
            double seconds = burnDown[0];
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("jobs", jobs);
            result.put("completed_per_second", Math.round(jobs / seconds));
            result.put("seconds", Math.round(seconds * 10) / 10.0);
            result.put("load_average_at_start", load);
            // each claim (over Kafka, each look of the offer relay) is one transaction: one now()
            result.put("jobs_per_claim", Math.round(jobs / burnDown[1] * 10) / 10.0);
            List<double[]> latencies = oneAtATime(type);
            List<Double> toStarted =
                    latencies.stream().map(row -> row[0]).sorted().toList();
            List<Double> toCompleted =
                    latencies.stream().map(row -> row[1]).sorted().toList();
            result.put("created_to_started_ms", percentiles(toStarted));
            result.put("created_to_completed_ms", percentiles(toCompleted));
            System.out.printf(
                    "%-40s completed %8.0f jobs/s   (%d jobs in %.1f s, %.1f jobs per claim, load %s)%n",
                    "external worker over " + delivery, jobs / seconds, jobs, seconds, jobs / burnDown[1], load);
            System.out.printf(
                    "%-40s created -> started p50 %6.1f ms  p99 %6.1f ms   created -> completed p50 %6.1f ms  p99 %6.1f ms%n",
                    "  one at a time (" + ONE_AT_A_TIME + " jobs)",
                    Benchmark.percentile(toStarted, 50),
                    Benchmark.percentile(toStarted, 99),
                    Benchmark.percentile(toCompleted, 50),
                    Benchmark.percentile(toCompleted, 99));
            return result;
        } finally {
            worker.destroy();
        }
    }

    /** {@code PUT /api/job-types/{name}}: a payload of any object, one stage, a lease long enough for the whole backlog. */
    private void register(String type, String delivery) throws Exception {
        http.put()
                .uri("/api/job-types/{name}", type)
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + Tokens.forUser("bench-admin", "jobs:read jobs:write jobs:admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "description",
                        "Does nothing, in the benchmark's worker.",
                        "payload_schema",
                        Map.of("type", "object"),
                        "stages",
                        List.of("run"),
                        "heartbeat_timeout",
                        "10m",
                        "delivery",
                        delivery))
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofSeconds(30));
        if (delivery.equals("kafka")) {
            // as an operator would, before the workers start (jobstream would create it with the first offer)
            try (Admin admin = Admin.create(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("jobstream.work." + type, 12, (short) 1)))
                        .all()
                        .get();
            }
        }
    }

    /** The worker in its own JVM, on this one's class path; returns once it says it is ready. */
    private Process startWorker(String delivery, String type) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.jobstream.DevJobstreamApplication",
                Benchmark.WORKER,
                delivery));
        if (delivery.equals("http")) {
            command.addAll(List.of("http://localhost:" + port, type, Integer.toString(max)));
        } else {
            command.addAll(List.of(TestInfrastructure.kafkaBootstrapServers(), type));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment()
                .put(BenchWorker.TOKEN_VARIABLE, Tokens.withClaims("bench-worker", Map.of("scope", "jobs:work")));
        Process process = builder.start();
        var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (!"ready".equals(line)) {
            process.destroy();
            throw new IllegalStateException("the " + delivery + " worker did not start: " + line);
        }
        return process;
    }

    /**
     * Submits {@code count} jobs in batches of 1,000: the seconds from the first batch to the
     * last completion, and the number of claims that took them (distinct {@code claimed_at}).
     */
    private double[] burnDown(String type, int count) throws Exception {
        String owner = "bench-workers-" + UUID.randomUUID();
        String token = Tokens.forUser(owner);
        List<Map<String, Object>> batch = Collections.nCopies(1000, Map.of("type", type, "payload", Map.of()));
        long startMillis = System.currentTimeMillis();
        Flux.range(0, (count + 999) / 1000)
                .concatMap(i -> http.post()
                        .uri("/api/jobs/batch")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("jobs", batch.subList(0, Math.min(1000, count - i * 1000))))
                        .retrieve()
                        .toBodilessEntity())
                .blockLast(Duration.ofMinutes(5));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            double[] done = query(
                            "select count(*), extract(epoch from max(completed_at)), count(distinct claimed_at)"
                                    + " from jobs where owner = ? and status = 'completed'",
                            owner)
                    .getFirst();
            if (done[0] >= count) {
                return new double[] {done[1] - startMillis / 1000.0, done[2]};
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(owner + ": not all " + count + " jobs of " + type + " completed in 10 minutes");
    }

    /** One job at a time, each submitted once the one before completed: per job, ms created → started and created → completed. */
    private List<double[]> oneAtATime(String type) throws Exception {
        String owner = "bench-workers-latency-" + UUID.randomUUID();
        String token = Tokens.forUser(owner);
        // one connection for all the looks: a new one each 2 ms would load the database measured
        try (Connection connection = database.connect();
                PreparedStatement completed =
                        connection.prepareStatement("select 1 from jobs where id = ?::uuid and status = 'completed'")) {
            for (int i = 0; i < ONE_AT_A_TIME; i++) {
                awaitCompleted(completed, submit(token, type));
            }
        }
        return query(
                "select extract(epoch from started_at - created_at) * 1000,"
                        + " extract(epoch from completed_at - created_at) * 1000 from jobs where owner = ?",
                owner);
    }

    private String submit(String token, String type) {
        return http.post()
                .uri("/api/jobs")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", type, "payload", Map.of()))
                .retrieve()
                .bodyToMono(tools.jackson.databind.JsonNode.class)
                .block(Duration.ofSeconds(10))
                .get("id")
                .asString();
    }

    private static void awaitCompleted(PreparedStatement completed, String id) throws Exception {
        completed.setString(1, id);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (ResultSet result = completed.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("job " + id + " did not complete within 30 s");
    }

    /** Rows of numbers (three columns; those the query has not are 0). */
    private List<double[]> query(String sql, String parameter) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<double[]> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    int columns = result.getMetaData().getColumnCount();
                    double[] row = new double[3];
                    for (int c = 0; c < columns; c++) {
                        row[c] = result.getDouble(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static Map<String, Double> percentiles(List<Double> sorted) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (int percent : new int[] {50, 90, 99}) {
            percentiles.put("p" + percent, Benchmark.percentile(sorted, percent));
        }
        return percentiles;
    }
}
