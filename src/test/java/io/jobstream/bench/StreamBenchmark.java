package io.jobstream.bench;

import io.jobstream.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event streams under load, on one instance: rising numbers of concurrent
 * {@code GET /api/jobs/events} streams (ten per user, as browser tabs), up to
 * {@code --streams}; whether every one opened and stayed open, the service's heap per open
 * stream, and how long a progress event takes from its report (the event's
 * {@code created_at}) to each client while jobs run. The clients run in a second JVM
 * ({@link Clients}), so the heap is the service's alone and each process stays within its
 * own limit of open files.
 */
final class StreamBenchmark {

    static final int STREAMS_PER_USER = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext app;
    private final int port;
    private final WebClient http;

    StreamBenchmark(ConfigurableApplicationContext app, int port) {
        this.app = app;
        this.port = port;
        this.http = WebClient.create("http://localhost:" + port);
    }

    Map<String, Object> run(int maxStreams) throws IOException, InterruptedException {
        Map<String, Object> results = new LinkedHashMap<>();
        Path tokens = Files.createTempFile("jobstream-bench-tokens", ".txt");
        List<String> userTokens = new ArrayList<>();
        for (int user = 0; user < (maxStreams + STREAMS_PER_USER - 1) / STREAMS_PER_USER; user++) {
            userTokens.add(Tokens.forUser("bench-streams-" + user));
        }
        Files.write(tokens, userTokens);
        List<Integer> steps = new ArrayList<>(List.of(1_000, 2_500, 5_000, 10_000, 20_000).stream()
                .filter(n -> n < maxStreams)
                .toList());
        steps.add(maxStreams);

        Process process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.jobstream.DevJobstreamApplication",
                        Benchmark.STREAM_CLIENTS,
                        "http://localhost:" + port,
                        tokens.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (PrintWriter commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader answers =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long heapBefore = heapAfterGc();
            int held = 0;
            for (int target : steps) {
                long start = System.nanoTime();
                commands.println("open " + target);
                String[] opened = answers.readLine().split(" ");
                double seconds = (System.nanoTime() - start) / 1e9;
                double serverOpen =
                        meters().get("jobstream.streams.open").gauge().value();
                long heapPerStream = (heapAfterGc() - heapBefore) / target;
                boolean ok = "true".equals(opened[2]) && serverOpen >= target;
                System.out.printf(
                        "%-40s %6d streams  %-6s  opened in %5.1f s   service heap per stream %5.1f KB"
                                + "   (server counts %.0f open, client failures %s)%n",
                        "open SSE streams",
                        target,
                        ok ? "held" : "FAILED",
                        seconds,
                        heapPerStream / 1024.0,
                        serverOpen,
                        opened[3]);
                results.put("service_heap_kb_per_stream_at_" + target, Math.round(heapPerStream / 102.4) / 10.0);
                if (!ok) {
                    break;
                }
                held = target;
            }
            results.put("largest_n_held", held);
            if (held > 0) {
                results.put(
                        "delivery latency with " + held + " streams open (ms)",
                        deliveryLatency(commands, answers, userTokens));
            }
            commands.println("close");
            answers.readLine();
        } finally {
            process.destroy();
            Files.deleteIfExists(tokens);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (meters().get("jobstream.streams.open").gauge().value() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double left = meters().get("jobstream.streams.open").gauge().value();
        System.out.printf("%-40s %6.0f streams still open after the clients closed%n", "after closing", left);
        results.put("streams_open_after_close", left);
        return results;
    }

    /** Jobs of 5 stages for the first hundred users; each progress event timed to each of their streams. */
    private Map<String, Object> deliveryLatency(PrintWriter commands, BufferedReader answers, List<String> tokens)
            throws IOException {
        int users = Math.min(100, tokens.size());
        commands.println("reset");
        answers.readLine();
        long start = System.nanoTime();
        Flux.range(0, users)
                .flatMap(
                        user -> http.post()
                                .uri("/api/jobs")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(user))
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 5, "stage_ms", 200)))
                                .retrieve()
                                .toBodilessEntity(),
                        16)
                .blockLast(Duration.ofMinutes(2));
        int expected = users * STREAMS_PER_USER * 5;
        commands.println("report " + users + " " + expected);
        String[] report = answers.readLine().split(" ");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("progress_events_expected", expected);
        result.put("progress_events_received", Long.parseLong(report[1]));
        result.put("p50", Double.parseDouble(report[2]));
        result.put("p99", Double.parseDouble(report[3]));
        result.put("max", Double.parseDouble(report[4]));
        result.put("streams_ended", Long.parseLong(report[5]));
        double closedBehind =
                meters().get("jobstream.streams.closed.behind").counter().count();
        result.put("streams_closed_for_falling_behind", closedBehind);
        System.out.printf(
                "%-40s jobs of %d users, %d streams: received %s/%d   p50 %s ms   p99 %s ms   max %s ms"
                        + "   (%.1f s; streams ended %s, closed for falling behind %.0f)%n",
                "delivery progress -> client",
                users,
                users * STREAMS_PER_USER,
                report[1],
                expected,
                report[2],
                report[3],
                report[4],
                (System.nanoTime() - start) / 1e9,
                report[5],
                closedBehind);
        return result;
    }

    private MeterRegistry meters() {
        return app.getBean(MeterRegistry.class);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The clients, in their own JVM ({@code DevJobstreamApplication --stream-clients <base
     * url> <token file>}, one token per user a line). Commands on standard input, one answer line each:
     * {@code open N} → {@code opened N <all ready> <failures>}; {@code reset} → {@code ok};
     * {@code report USERS EXPECTED} → {@code latency <received> <p50> <p99> <max>} (waits up
     * to 2 minutes for the progress events of the first USERS users); {@code close} → {@code closed}.
     */
    static final class Clients {

        private final WebClient streams;
        private final List<String> tokens;
        private final List<Client> clients = new ArrayList<>();

        private Clients(String baseUrl, List<String> tokens) {
            this.tokens = tokens;
            ConnectionProvider connections = ConnectionProvider.builder("bench-streams")
                    .maxConnections(tokens.size() * STREAMS_PER_USER + 100)
                    .pendingAcquireMaxCount(-1)
                    .build();
            this.streams = WebClient.builder()
                    .baseUrl(baseUrl)
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                    .build();
        }

        static void run(String baseUrl, Path tokenFile) throws Exception {
            Clients clients = new Clients(baseUrl, Files.readAllLines(tokenFile));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "open" -> System.out.println(clients.open(Integer.parseInt(command[1])));
                    case "reset" -> {
                        clients.clients.forEach(client -> client.latencies.clear());
                        System.out.println("ok");
                    }
                    case "report" ->
                        System.out.println(clients.report(Integer.parseInt(command[1]), Integer.parseInt(command[2])));
                    case "close" -> {
                        clients.clients.forEach(client -> client.subscription.dispose());
                        System.out.println("closed");
                        System.out.flush();
                        System.exit(0);
                    }
                    default -> System.out.println("unknown " + line);
                }
                System.out.flush();
            }
        }

        private String open(int total) throws InterruptedException {
            List<Client> opened = new ArrayList<>();
            for (int index = clients.size(); index < total; index++) {
                opened.add(new Client(index / STREAMS_PER_USER, tokens.get(index / STREAMS_PER_USER)));
            }
            clients.addAll(opened);
            // at most 200 connection set-ups at a time
            Flux.fromIterable(opened)
                    .flatMap(
                            client -> Mono.fromRunnable(() -> client.subscribe(streams))
                                    .then(client.ready()),
                            200)
                    .blockLast(Duration.ofMinutes(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (clients.stream().anyMatch(client -> client.readyAt == 0 && !client.failed)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long failures = clients.stream().filter(client -> client.failed).count();
            boolean allReady = clients.stream().allMatch(client -> client.readyAt > 0) && failures == 0;
            return "opened " + total + " " + allReady + " " + failures;
        }

        private String report(int users, int expected) throws InterruptedException {
            List<Client> followed =
                    clients.stream().filter(client -> client.user < users).toList();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (followed.stream()
                                    .mapToLong(client -> client.latencies.size())
                                    .sum()
                            < expected
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<Double> sorted = followed.stream()
                    .flatMap(client -> client.latencies.stream())
                    .sorted()
                    .toList();
            return "latency " + sorted.size() + " " + Benchmark.percentile(sorted, 50) + " "
                    + Benchmark.percentile(sorted, 99) + " "
                    + (sorted.isEmpty() ? Double.NaN : Math.round(sorted.getLast() * 10) / 10.0) + " "
                    + followed.stream().filter(client -> client.failed).count();
        }
    }

    /** One open stream: a browser tab of {@code user}. */
    private static final class Client {
        final int user;
        final String token;
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        final Sinks.Empty<Void> readySignal = Sinks.empty();
        volatile long readyAt;
        volatile boolean failed;
        volatile Disposable subscription;

        Client(int user, String token) {
            this.user = user;
            this.token = token;
        }

        void subscribe(WebClient streams) {
            subscription = streams.get()
                    .uri("/api/jobs/events")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                    .subscribe(
                            this::receive,
                            error -> {
                                failed = true;
                                readySignal.tryEmitEmpty();
                            },
                            () -> failed = true);
        }

        Mono<Void> ready() {
            return readySignal.asMono();
        }

        private void receive(ServerSentEvent<String> event) {
            if ("ready".equals(event.event())) {
                readyAt = System.nanoTime();
                readySignal.tryEmitEmpty();
            } else if ("progress".equals(event.event())) {
                JsonNode data = JSON.readTree(event.data());
                Instant reported = Instant.parse(data.get("created_at").asString());
                latencies.add(Duration.between(reported, Instant.now()).toNanos() / 1e6);
            }
        }
    }
}
