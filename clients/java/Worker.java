import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An example jobstream worker in one file, with nothing but the JDK (21 or newer):
 *
 * <pre>
 * java Worker.java --url http://localhost:8080 --token "$WORKER_TOKEN" --type acme.count
 * </pre>
 *
 * It claims jobs of the type (a long-poll), counts to the payload's {@code n} (stage
 * {@code count}, one step a second, with progress), then uploads {@code report.txt} and
 * completes the job (stage {@code report}), heartbeating every third of the lease meanwhile.
 * A retried job resumes after its completed stages; a cancelled one stops at its next call.
 * The JSON handling at the end of the file is just enough for this API; a real worker would
 * use its JSON library.
 */
public class Worker {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final String url;
    private final String token;
    private final String type;
    private final double stepSeconds;

    Worker(String url, String token, String type, double stepSeconds) {
        this.url = url.replaceAll("/$", "");
        this.token = token;
        this.type = type;
        this.stepSeconds = stepSeconds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--url", System.getenv().getOrDefault("JOBSTREAM_URL", "http://localhost:8080"));
        options.put("--token", System.getenv("JOBSTREAM_TOKEN"));
        options.put("--type", "acme.count");
        options.put("--step-seconds", "1");
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (options.get("--token") == null) {
            System.err.println("usage: java Worker.java --url URL --token TOKEN (or JOBSTREAM_TOKEN) --type TYPE");
            System.exit(2);
        }
        new Worker(
                        options.get("--url"),
                        options.get("--token"),
                        options.get("--type"),
                        Double.parseDouble(options.get("--step-seconds")))
                .run();
    }

    void run() throws InterruptedException {
        System.out.println("worker claiming " + type);
        while (true) {
            try {
                Map<String, Object> answer =
                        post("/api/workers/claim", null, Map.of("types", List.of(type), "max", 1, "wait_seconds", 20));
                for (Object job : (List<?>) answer.get("jobs")) {
                    work(new Job(cast(job)));
                }
            } catch (Exception e) {
                System.out.println("claim failed: " + e.getMessage() + "; trying again in 2 s");
                Thread.sleep(2000);
            }
        }
    }

    /** One claimed job: its fields, and whether it is still this worker's. */
    final class Job {
        final String id;
        final String claimToken;
        final String leaseExpiresAt;
        final Map<String, Object> payload;
        final List<Map<String, Object>> completedStages = new ArrayList<>();
        final AtomicBoolean stopped = new AtomicBoolean();

        Job(Map<String, Object> job) {
            id = (String) job.get("id");
            claimToken = (String) job.get("claim_token");
            leaseExpiresAt = (String) job.get("lease_expires_at");
            payload = cast(job.get("payload"));
            for (Object stage : (List<?>) job.get("completed_stages")) {
                completedStages.add(cast(stage));
            }
        }

        Object stageOutput(String name) {
            return completedStages.stream()
                    .filter(stage -> stage.get("name").equals(name))
                    .map(stage -> stage.get("output"))
                    .findFirst()
                    .orElse(null);
        }

        /** A report on the job; a 409 or a cancel seen by a heartbeat stops the job here. */
        Map<String, Object> report(String call, Object body) throws Exception {
            if (stopped.get()) {
                throw new JobStopped();
            }
            try {
                return post("/api/workers/jobs/" + id + "/" + call, claimToken, body);
            } catch (Conflict e) {
                stopped.set(true);
                throw new JobStopped();
            }
        }
    }

    private void work(Job job) {
        System.out.println("job " + job.id + " claimed");
        // heartbeats at a third of the lease that the claim gave
        long leaseMillis = Duration.between(Instant.now(), Instant.parse(job.leaseExpiresAt)).toMillis();
        long every = Math.max(200, leaseMillis / 3);
        var heartbeat = heartbeats.scheduleAtFixedRate(() -> heartbeat(job), every, every, TimeUnit.MILLISECONDS);
        try {
            Map<String, Object> result = countThenReport(job);
            job.report("complete", Map.of("result", result));
            System.out.println("job " + job.id + " completed");
        } catch (JobStopped e) {
            System.out.println("job " + job.id + " stopped");
        } catch (Exception e) {
            System.out.println("job " + job.id + " failed: " + e);
            try {
                job.report("fail", Map.of("error", String.valueOf(e.getMessage()), "retryable", false));
            } catch (Exception ignored) {
                // the job is no longer ours
            }
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void heartbeat(Job job) {
        try {
            Map<String, Object> answer = job.report("heartbeat", null);
            if (Boolean.TRUE.equals(answer.get("cancel_requested"))) {
                System.out.println("job " + job.id + " was cancelled");
                job.stopped.set(true);
            }
        } catch (Exception e) {
            // a lost job stops at its next call; a network error is tried again at the next beat
        }
    }

    private Map<String, Object> countThenReport(Job job) throws Exception {
        int n = ((Number) job.payload.get("n")).intValue();
        if (job.stageOutput("count") == null) {
            for (int i = 1; i <= n; i++) {
                Thread.sleep((long) (stepSeconds * 1000));
                job.report("progress", Map.of("percent", 90 * i / n, "stage", "count", "message", "counted " + i + " of " + n));
            }
            job.report("stages/count/complete", Map.of("output", Map.of("counted", n)));
        }
        int total = n * (n + 1) / 2;
        send("/api/workers/jobs/" + job.id + "/artifacts?name=report.txt", job.claimToken, "text/plain",
                ("1 + ... + " + n + " = " + total + "\n").getBytes(StandardCharsets.UTF_8));
        job.report("stages/report/complete", Map.of("output", Map.of("artifact", "report.txt")));
        return Map.of("total", total);
    }

    private Map<String, Object> post(String path, String claimToken, Object body) throws Exception {
        byte[] json = (body == null ? "{}" : Json.write(body)).getBytes(StandardCharsets.UTF_8);
        return send(path, claimToken, "application/json", json);
    }

    private Map<String, Object> send(String path, String claimToken, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(45))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (claimToken != null) {
            request.header("Claim-Token", claimToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409) {
            throw new Conflict();
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? Map.of() : cast(Json.read(response.body()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object object) {
        return (Map<String, Object>) object;
    }

    static final class Conflict extends Exception {}

    static final class JobStopped extends Exception {}

    /** Just enough JSON: objects, arrays, strings, numbers, booleans and null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object read(String text) {
            return new Json(text).value();
        }

        static String write(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof String string) {
                StringBuilder out = new StringBuilder("\"");
                for (char c : string.toCharArray()) {
                    out.append(c == '"' || c == '\\' ? "\\" + c : c < 0x20 ? String.format("\\u%04x", (int) c) : c);
                }
                return out.append('"').toString();
            }
            if (value instanceof Map<?, ?> map) {
                List<String> fields = new ArrayList<>();
                map.forEach((key, field) -> fields.add(write(key.toString()) + ":" + write(field)));
                return "{" + String.join(",", fields) + "}";
            }
            if (value instanceof List<?> list) {
                return "[" + String.join(",", list.stream().map(Json::write).toList()) + "]";
            }
            return value.toString();
        }

        private Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                while (!consume('}')) {
                    String key = (String) value();
                    consume(':');
                    map.put(key, value());
                    consume(',');
                }
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                at++;
                while (!consume(']')) {
                    list.add(value());
                    consume(',');
                }
                return list;
            }
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String word = text.substring(start, at);
            return switch (word) {
                case "true" -> true;
                case "false" -> false;
                case "null" -> null;
                default -> word.matches("-?\\d+") ? (Object) Long.parseLong(word) : (Object) Double.parseDouble(word);
            };
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++;
            for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
                if (c == '\\') {
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(escaped);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private boolean consume(char expected) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == expected) {
                at++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
