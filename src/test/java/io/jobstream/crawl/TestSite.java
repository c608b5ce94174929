package io.jobstream.crawl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small website on 127.0.0.1 and a random port for crawls: each path answers as it was told
 * (a page, a document, a redirect), any other path is a 404, and every request is kept (path
 * and {@code User-Agent}), so a test can tell what a crawl asked for, and what it never did.
 * A path may answer slowly. Paths are absolute ({@code /a/b.html}); {@link #url} makes URLs.
 */
final class TestSite implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<String, Optional<String>> generated = path -> Optional.empty();

    /** One request as it arrived. */
    record Request(String path, String userAgent) {}

    private record Answer(int status, Map<String, String> headers, byte[] body, Duration pause) {}

    private static final Answer NOT_FOUND = new Answer(
            404, Map.of("Content-Type", "text/plain"), "no such page".getBytes(StandardCharsets.UTF_8), Duration.ZERO);

    private TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    static TestSite start() {
        try {
            return new TestSite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** An HTML page in UTF-8, its charset in its {@code Content-Type}. */
    TestSite page(String path, String html) {
        return document(path, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** An HTML page that answers only after {@code pause}. */
    TestSite slowPage(String path, String html, Duration pause) {
        answers.put(
                path,
                new Answer(
                        200,
                        Map.of("Content-Type", "text/html; charset=utf-8"),
                        html.getBytes(StandardCharsets.UTF_8),
                        pause));
        return this;
    }

    TestSite document(String path, String contentType, byte[] body) {
        answers.put(path, new Answer(200, Map.of("Content-Type", contentType), body, Duration.ZERO));
        return this;
    }

    /** {@code status} with a short text body. */
    TestSite status(String path, int status) {
        answers.put(
                path,
                new Answer(
                        status,
                        Map.of("Content-Type", "text/plain"),
                        ("status " + status).getBytes(StandardCharsets.UTF_8),
                        Duration.ZERO));
        return this;
    }

    /** A {@code 302} to {@code location}, as written. */
    TestSite redirect(String path, String location) {
        answers.put(path, new Answer(302, Map.of("Location", location), new byte[0], Duration.ZERO));
        return this;
    }

    /** Pages made on request: the HTML {@code pages} gives for a path no other answer is set for, if any. */
    TestSite generated(Function<String, Optional<String>> pages) {
        this.generated = pages;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests asked for {@code path}. */
    long requestsFor(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).count();
    }

    /** How many requests asked for a path starting with {@code prefix}. */
    long requestsUnder(String prefix) {
        return requests.stream()
                .filter(request -> request.path().startsWith(prefix))
                .count();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        requests.add(new Request(path, agent == null ? "" : agent));
        Answer answer = answers.get(path);
        if (answer == null) {
            answer = generated
                    .apply(path)
                    .map(html -> new Answer(
                            200,
                            Map.of("Content-Type", "text/html; charset=utf-8"),
                            html.getBytes(StandardCharsets.UTF_8),
                            Duration.ZERO))
                    .orElse(NOT_FOUND);
        }
        try (exchange) {
            pause(answer.pause());
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
        } catch (IOException e) {
            // the crawler went away (a refused body, a cancel): what some tests provoke
        }
    }

    private static void pause(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            // the server's own thread answers late, as a slow site does; no test waits on this
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
