package io.jobstream.bench;

import io.jobstream.JobstreamApplication;
import io.jobstream.support.TestInfrastructure;
import io.jobstream.support.Tokens;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark: {@code ./mvnw spring-boot:test-run -Dspring-boot.run.arguments="--benchmark --jobs=20000"}. Starts jobstream against a real
 * PostgreSQL and a real Kafka broker, as the tests do, on this machine, and measures:
 * <ol>
 *   <li>burn-down: N demo jobs of one 0 ms stage, submitted (a) through
 *       {@code POST /api/jobs/batch} and (b) through the submissions topic; jobs/s submitted
 *       and jobs/s completed;</li>
 *   <li>latency, one job at a time: submit → processing and submit → completed (p50, p90,
 *       p99), from the database's own timestamps;</li>
 *   <li>sustained load: the highest rate of {@code POST /api/jobs} whose p99 stays under
 *       100 ms;</li>
 *   <li>event streams ({@link StreamBenchmark}): the most concurrent SSE streams that held
 *       (up to {@code --streams}, default 10,000), heap per stream, and progress delivery
 *       latency while jobs run;</li>
 *   <li>documents ({@link DocumentBenchmark}): pages per second of {@code parse} jobs (text PDF,
 *       DOCX, OCR), one at a time and in parallel, against Apache Tika Server on the same files
 *       ({@code parse}); chunks per second of the embedding model ({@code embed});</li>
 *   <li>external workers ({@link WorkerBenchmark}, {@code workers}): no-op jobs per second
 *       through one worker process over HTTP (claims of up to {@code --max=} jobs, default 32)
 *       and one over Kafka, and created → started / completed latency one job at a time.</li>
 * </ol>
 * {@code --only=} picks some of them, comma-separated: {@code batch}, {@code kafka},
 * {@code latency}, {@code sustained}, {@code streams}, {@code parse}, {@code embed}, {@code workers}. Before measuring, rounds of
 * {@code --warmup=} jobs (default 5,000) go through each burn-down that will run until the JIT
 * compiler has settled ({@link #warmUp()}), as it has in a service that has been up for a while.
 * Prints a table and writes {@code target/bench/results.json}. Not a test: nothing asserts.
 */
public final class Benchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PARTS =
            List.of("batch", "kafka", "latency", "sustained", "streams", "parse", "embed", "workers");
    private static final Map<String, Object> ONE_QUICK_STAGE = Map.of("type", "demo", "payload", Map.of("stages", 1));

    private static final int SETTLED_JIT_SHARE_PERCENT = 15;
    private static final int MAX_WARM_UP_ROUNDS = 40;

    private final int jobs;
    /** Jobs through each burn-down in each warm-up round. */
    private final int warmUp;

    private final WebClient http;
    private final TestInfrastructure.Database database;
    private final Map<String, Object> results = new LinkedHashMap<>();

    private final int streams;
    private final DocumentBenchmark.Options documents;
    private final Set<String> parts;
    private final int workerMax;
    private final ConfigurableApplicationContext app;
    private final int port;
    /** {@code --retention-seed}: finished jobs made old before measuring ({@link RetentionSeed}); 0 for none. */
    private final int retentionSeed;

    private Benchmark(
            int jobs,
            int warmUp,
            int streams,
            DocumentBenchmark.Options documents,
            Set<String> parts,
            int workerMax,
            ConfigurableApplicationContext app,
            int port,
            int retentionSeed) {
        this.retentionSeed = retentionSeed;
        this.jobs = jobs;
        this.warmUp = warmUp;
        this.streams = streams;
        this.documents = documents;
        this.parts = parts;
        this.workerMax = workerMax;
        this.app = app;
        this.port = port;
        this.database = TestInfrastructure.database();
        this.http = WebClient.builder()
                .baseUrl("http://localhost:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
    }

    /** The first argument that makes {@code DevJobstreamApplication} a process of stream clients. */
    public static final String STREAM_CLIENTS = "--stream-clients";

    /** The stream benchmark's clients, in their own JVM ({@link StreamBenchmark.Clients}). */
    public static void streamClients(String[] args) throws Exception {
        StreamBenchmark.Clients.run(args[1], Path.of(args[2]));
    }

    /** The first argument that makes {@code DevJobstreamApplication} the external workers' worker process. */
    public static final String WORKER = "--bench-worker";

    /** The external workers' worker, in its own JVM ({@link BenchWorker}). */
    public static void worker(String[] args) throws Exception {
        BenchWorker.run(Arrays.copyOfRange(args, 1, args.length));
    }

    /** Runs it; {@code DevJobstreamApplication} calls this for {@code --benchmark}. */
    public static void run(String[] args) throws Exception {
        int jobs = Integer.parseInt(argument(args, "jobs", "20000"));
        int warmUp = Integer.parseInt(argument(args, "warmup", "5000"));
        int streams = Integer.parseInt(argument(args, "streams", "10000"));
        var documents = new DocumentBenchmark.Options(
                Integer.parseInt(argument(args, "pages", "50")),
                Integer.parseInt(argument(args, "ocr-pages", "5")),
                Integer.parseInt(argument(args, "rounds", "3")),
                Integer.parseInt(argument(args, "parallel", "4")),
                Integer.parseInt(argument(args, "embed-texts", "1024")),
                argument(args, "tika-server-jar", ""));
        int workerMax = Integer.parseInt(argument(args, "max", "32"));
        Set<String> parts =
                Set.of(argument(args, "only", String.join(",", PARTS)).split(","));
        if (!PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--only takes some of " + PARTS + ", comma-separated");
        }
        List<String> arguments = new ArrayList<>();
        TestInfrastructure.applicationProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--server.port=0",
                "--jobstream.quota.max-active-jobs-per-owner=10000000",
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
        // settings to try, e.g. --jobstream.execution.max-concurrent-jobs=64; they come last, so they win
        Arrays.stream(args)
                .filter(arg -> arg.startsWith("--jobstream.") || arg.startsWith("--spring."))
                .forEach(arguments::add);
        // exits either way: the in-process broker's threads would keep a failed run alive
        try (ConfigurableApplicationContext app =
                new SpringApplicationBuilder(JobstreamApplication.class).run(arguments.toArray(String[]::new))) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            int retentionSeed = Integer.parseInt(argument(args, "retention-seed", "0"));
            new Benchmark(jobs, warmUp, streams, documents, parts, workerMax, app, port, retentionSeed).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf(
                "%njobstream benchmark: %d jobs, %d cores, JDK %s%n",
                jobs, Runtime.getRuntime().availableProcessors(), Runtime.version());
        results.put("jobs", jobs);
        results.put("cores", Runtime.getRuntime().availableProcessors());
        long warmUpStart = System.nanoTime();
        warmUp();
        System.out.printf("warmed up in %.1f s%n", seconds(warmUpStart));
        RetentionSeed retention = new RetentionSeed(database);
        if (retentionSeed > 0) {
            burnDownThroughBatches(retentionSeed);
            results.put("finished job footprint", retention.footprint());
            retention.ageFinished();
        }
        long leftAtStart = retentionSeed > 0 ? retention.left() : 0;
        if (parts.contains("batch")) {
            record("burn-down via POST /api/jobs/batch", burnDownThroughBatches(jobs));
        }
        if (parts.contains("kafka")) {
            record("burn-down via the submissions topic", burnDownThroughKafka(jobs));
        }
        if (parts.contains("latency")) {
            latencyOneAtATime(200);
        }
        if (parts.contains("sustained")) {
            sustainedLoad();
        }
        if (parts.contains("streams") && streams > 0) {
            results.put("event streams", new StreamBenchmark(app, port).run(streams));
        }
        if (parts.contains("parse") || parts.contains("embed")) {
            results.put(
                    "documents",
                    new DocumentBenchmark(app, port, documents).run(parts.contains("parse"), parts.contains("embed")));
        }
        if (parts.contains("workers")) {
            results.put("external workers", new WorkerBenchmark(port, workerMax).run(jobs));
        }
        if (retentionSeed > 0) {
            results.put("retention", retention.finish(leftAtStart, retention.left()));
        }
        Path out = Path.of("target", "bench", "results.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("\nwritten: " + out.toAbsolutePath());
    }

    /**
     * Runs what will be measured, unrecorded, until the JIT compiler has done its work, as it
     * has in a service that has been up for a while: single submissions, then rounds of
     * {@code warmUp} jobs through each burn-down that will run, until compiling took less
     * than {@value #SETTLED_JIT_SHARE_PERCENT} % of the wall time in two rounds in a row
     * (at most {@value #MAX_WARM_UP_ROUNDS} rounds). The in-process Kafka broker gives the
     * compiler a lot to do: after a single round of 5,000 jobs it still took a quarter of the
     * CPU during the measured burn-down, and it settled only after more than ten rounds.
     */
    private void warmUp() throws Exception {
        String owner = "bench-warmup-" + UUID.randomUUID();
        String token = Tokens.forUser(owner);
        Flux.range(0, 500).flatMap(i -> submit(token), 16).blockLast(Duration.ofMinutes(2));
        awaitCompleted(owner, 500, System.currentTimeMillis(), Duration.ofMinutes(2));
        if (warmUp == 0 || !(parts.contains("batch") || parts.contains("kafka"))) {
            return;
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int round = 0;
        int settled = 0;
        double share;
        do {
            round++;
            long start = System.nanoTime();
            long compiling = jit.getTotalCompilationTime();
            if (parts.contains("batch")) {
                burnDownThroughBatches(warmUp);
            }
            if (parts.contains("kafka")) {
                burnDownThroughKafka(warmUp);
            }
            // elapsed time summed over the compiler threads: above 100 % while both compile
            share = 100.0 * (jit.getTotalCompilationTime() - compiling) / (seconds(start) * 1000);
            settled = share < SETTLED_JIT_SHARE_PERCENT ? settled + 1 : 0;
        } while (settled < 2 && round < MAX_WARM_UP_ROUNDS);
        System.out.printf(
                "warm-up: %d round(s) of %d jobs per burn-down; compiling took %.0f %% of the last round%n",
                round, warmUp, share);
        results.put(
                "warm-up",
                Map.of("rounds", round, "jobs_per_round", warmUp, "last_round_jit_percent", Math.round(share)));
    }

    private BurnDown burnDownThroughBatches(int count) throws Exception {
        String owner = "bench-batch-" + UUID.randomUUID();
        String token = Tokens.forUser(owner);
        List<Map<String, Object>> batch = Collections.nCopies(1000, ONE_QUICK_STAGE);
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        Flux.range(0, (count + 999) / 1000)
                .concatMap(i -> http.post()
                        .uri("/api/jobs/batch")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("jobs", batch.subList(0, Math.min(1000, count - i * 1000))))
                        .retrieve()
                        .toBodilessEntity())
                .blockLast(Duration.ofMinutes(10));
        double submitted = seconds(start);
        return new BurnDown(count, submitted, awaitCompleted(owner, count, startMillis, Duration.ofMinutes(30)));
    }

    private BurnDown burnDownThroughKafka(int count) throws Exception {
        String owner = "bench-kafka-" + UUID.randomUUID();
        String record = "{\"type\": \"demo\", \"payload\": {\"stages\": 1}, \"owner\": \"" + owner + "\"}";
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("jobstream.submissions", owner + "-" + i, record));
            }
            producer.flush();
        }
        double produced = seconds(start);
        return new BurnDown(count, produced, awaitCompleted(owner, count, startMillis, Duration.ofMinutes(30)));
    }

    /** {@code count} jobs, all submitted after {@code submittedSeconds}, all completed after {@code completedSeconds}. */
    private record BurnDown(int count, double submittedSeconds, double completedSeconds) {}

    private void record(String name, BurnDown run) {
        double submitRate = run.count() / run.submittedSeconds();
        double completeRate = run.count() / run.completedSeconds();
        System.out.printf(
                "%-40s submitted %8.0f jobs/s   completed %8.0f jobs/s   (%d jobs in %.1f s)%n",
                name, submitRate, completeRate, run.count(), run.completedSeconds());
        results.put(
                name,
                Map.of(
                        "jobs",
                        run.count(),
                        "submitted_per_second",
                        Math.round(submitRate),
                        "completed_per_second",
                        Math.round(completeRate),
                        "seconds",
                        run.completedSeconds()));
    }

    private void latencyOneAtATime(int count) throws Exception {
        String owner = "bench-latency-" + UUID.randomUUID();
        String token = Tokens.forUser(owner);
        for (int i = 0; i < count; i++) {
            String id = submit(token).block(Duration.ofSeconds(10)).get("id").asString();
            awaitJobCompleted(id);
        }
        List<double[]> rows = query(
                "select extract(epoch from started_at - created_at) * 1000,"
                        + " extract(epoch from completed_at - created_at) * 1000 from jobs where owner = ?",
                owner,
                2);
        List<Double> toProcessing = rows.stream().map(r -> r[0]).sorted().toList();
        List<Double> toCompleted = rows.stream().map(r -> r[1]).sorted().toList();
        System.out.printf(
                "%-40s p50 %6.1f ms   p90 %6.1f ms   p99 %6.1f ms%n",
                "latency submit -> processing",
                percentile(toProcessing, 50),
                percentile(toProcessing, 90),
                percentile(toProcessing, 99));
        System.out.printf(
                "%-40s p50 %6.1f ms   p90 %6.1f ms   p99 %6.1f ms%n",
                "latency submit -> completed",
                percentile(toCompleted, 50),
                percentile(toCompleted, 90),
                percentile(toCompleted, 99));
        results.put("latency submit -> processing (ms)", percentiles(toProcessing));
        results.put("latency submit -> completed (ms)", percentiles(toCompleted));
    }

    /** Open-loop load at rising rates, 5 s each, until p99 of POST /api/jobs passes 100 ms. */
    private void sustainedLoad() {
        String token = Tokens.forUser("bench-load-" + UUID.randomUUID());
        Map<String, Object> best = Map.of();
        for (int rate : List.of(50, 100, 200, 400, 600, 800, 1000, 1200, 1500, 2000)) {
            ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
            AtomicInteger failures = new AtomicInteger();
            int total = rate * 5;
            long start = System.nanoTime();
            Flux.interval(Duration.ofNanos(1_000_000_000L / rate))
                    .onBackpressureBuffer()
                    .take(total)
                    .flatMap(i -> timed(token, latencies, failures), 2048)
                    .blockLast(Duration.ofMinutes(2));
            double seconds = seconds(start);
            List<Double> sorted = latencies.stream().sorted().toList();
            double p99 = percentile(sorted, 99);
            System.out.printf(
                    "%-40s offered %5d/s   accepted %7.0f/s   p50 %6.1f ms   p99 %6.1f ms   failures %d%n",
                    "sustained POST /api/jobs",
                    rate,
                    sorted.size() / seconds,
                    percentile(sorted, 50),
                    p99,
                    failures.get());
            if (p99 >= 100 || failures.get() > 0) {
                break;
            }
            best = Map.of(
                    "offered_per_second",
                    rate,
                    "accepted_per_second",
                    Math.round(sorted.size() / seconds),
                    "p50_ms",
                    percentile(sorted, 50),
                    "p99_ms",
                    p99);
        }
        System.out.println("highest sustained rate with p99 < 100 ms: " + best);
        results.put("sustained POST /api/jobs with p99 < 100 ms", best);
    }

    private Mono<Void> timed(String token, ConcurrentLinkedQueue<Double> latencies, AtomicInteger failures) {
        long start = System.nanoTime();
        return submit(token)
                .doOnNext(job -> latencies.add((System.nanoTime() - start) / 1e6))
                .onErrorResume(error -> {
                    failures.incrementAndGet();
                    return Mono.empty();
                })
                .then();
    }

    private Mono<JsonNode> submit(String token) {
        return http.post()
                .uri("/api/jobs")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ONE_QUICK_STAGE)
                .retrieve()
                .bodyToMono(JsonNode.class);
    }

    /**
     * Waits for {@code count} completed jobs of {@code owner}; the seconds from {@code startMillis}
     * (wall clock) to the last one's {@code completed_at}. Looking twice a second keeps the
     * benchmark's own queries from loading the database it measures, and the database's
     * timestamp keeps the figure exact however late the last look comes.
     */
    private double awaitCompleted(String owner, int count, long startMillis, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            double[] done = query(
                            "select count(*), extract(epoch from max(completed_at)) from jobs"
                                    + " where owner = ? and status = 'completed'",
                            owner,
                            2)
                    .getFirst();
            if (done[0] >= count) {
                return done[1] - startMillis / 1000.0;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(owner + ": not all " + count + " jobs completed within " + limit);
    }

    private void awaitJobCompleted(String id) throws Exception {
        for (int i = 0; i < 2000; i++) {
            if (!query("select 1 from jobs where id = ?::uuid and status = 'completed'", id, 1)
                    .isEmpty()) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("job " + id + " did not complete");
    }

    private List<double[]> query(String sql, String parameter, int columns) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<double[]> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    double[] row = new double[columns];
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
        return Map.of("p50", percentile(sorted, 50), "p90", percentile(sorted, 90), "p99", percentile(sorted, 99));
    }

    /** The nearest-rank percentile of sorted figures, to 0.1; NaN when there are none. */
    static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return Math.round(sorted.get(Math.max(0, index)) * 10) / 10.0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String argument(String[] args, String name, String otherwise) {
        return java.util.Arrays.stream(args)
                .filter(arg -> arg.startsWith("--" + name + "="))
                .map(arg -> arg.substring(name.length() + 3))
                .findFirst()
                .orElse(otherwise);
    }
}
