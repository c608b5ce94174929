package io.jobstream.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server of documents on 127.0.0.1 and a random port, for fetches by URL: it
 * serves what each path was told to (a document, a redirect, a status, a body that stalls)
 * and keeps the path and {@code User-Agent} of every request. Stalled answers are let go
 * when it closes.
 */
public final class DocumentServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** One request as it arrived. */
    public record Request(String path, String userAgent) {}

    private DocumentServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    public static DocumentServer start() {
        try {
            return new DocumentServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** {@code body} with {@code contentType} and its {@code Content-Length}. */
    public DocumentServer document(String path, String contentType, byte[] body) {
        return serve(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    /** {@code chunks} sent chunked (no {@code Content-Length}), flushed one by one. */
    public DocumentServer chunked(String path, byte[]... chunks) {
        return serve(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            for (byte[] chunk : chunks) {
                body.write(chunk);
                body.flush();
            }
        });
    }

    /** A {@code 302} to {@code location}, as written (relative or absolute). */
    public DocumentServer redirect(String path, String location) {
        return serve(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    /** {@code status} with a short text body. */
    public DocumentServer status(String path, int status) {
        return serve(path, exchange -> {
            byte[] body = ("status " + status).getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    /**
     * Announces {@code contentLength} bytes (0: chunked), sends {@code first} of them, then
     * sends nothing more until the server closes.
     */
    public DocumentServer stallingBody(String path, long contentLength, byte[] first) {
        return serve(path, exchange -> {
            exchange.sendResponseHeaders(200, contentLength);
            exchange.getResponseBody().write(first);
            exchange.getResponseBody().flush();
            awaitClosing();
        });
    }

    /** Answers nothing at all, not even headers, until the server closes. */
    public DocumentServer silent(String path) {
        return serve(path, exchange -> awaitClosing());
    }

    private DocumentServer serve(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.add(new Request(exchange.getRequestURI().getPath(), userAgent(exchange)));
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away (a refused body, a timeout): what the tests provoke
            }
        });
        return this;
    }

    private static String userAgent(HttpExchange exchange) {
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        return agent == null ? "" : agent;
    }

    private void awaitClosing() {
        try {
            closing.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
