package io.jobstream.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1 and a random port: it keeps every request
 * it gets and answers with the statuses it was told, in order, then 204 for ever.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final Duration delay;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** One request as it arrived: lower-case header names, the raw body. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private WebhookReceiver(List<Integer> statuses, Duration delay) throws IOException {
        answers.addAll(statuses);
        this.delay = delay;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code statuses} to the first requests, then 204. */
    public static WebhookReceiver answering(Integer... statuses) {
        return start(List.of(statuses), Duration.ZERO);
    }

    /** Answers 204, but only {@code delay} after each request has arrived. */
    public static WebhookReceiver answeringAfter(Duration delay) {
        return start(List.of(), delay);
    }

    private static WebhookReceiver start(List<Integer> statuses, Duration delay) {
        try {
            return new WebhookReceiver(statuses, delay);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a webhook receiver", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(
                        header -> header.getKey().toLowerCase(Locale.ROOT),
                        header -> String.join(",", header.getValue()),
                        (a, b) -> a + "," + b));
        requests.add(new Request(
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        sleep(delay);
        int status;
        synchronized (answers) {
            status = answers.isEmpty() ? 204 : answers.poll();
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
