package io.jobstream.webhook;

import io.jobstream.system.Traces;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * POSTs one signed webhook and says how it went; never fails. Its own connection pool, with
 * the egress address guard first in every connection; a connect and a response timeout, and an
 * overall limit that also covers DNS; redirects are not followed (a 3xx is a failure, or a
 * receiver could point jobstream anywhere); the response body is discarded unread.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final int MAX_ERROR_LENGTH = 500;

    private final ConnectionProvider connections;
    private final WebClient client;
    private final Duration limit;
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    WebhookSender(WebhookProperties properties, WebhookAddresses addresses) {
        this.limit = properties.attemptLimit();
        this.connectTimeout = properties.connectTimeout();
        this.responseTimeout = properties.timeout();
        this.connections = ConnectionProvider.builder("jobstream-webhooks")
                .maxConnections(properties.concurrency())
                .pendingAcquireTimeout(limit)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient http = addresses
                .httpClient(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.timeout())
                .followRedirect(false);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    /** One attempt: what the receiver answered, or why there was no answer. */
    record Outcome(
            Instant startedAt,
            Duration duration,
            @Nullable Integer statusCode,
            @Nullable String error) {

        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    /**
     * Sends {@code body} signed with {@code secret} under {@code id}, timestamped now; with
     * {@code token} as a bearer token when there is one, and the W3C {@code traceparent} of its span.
     */
    Mono<Outcome> send(
            URI url,
            String id,
            byte[] body,
            WebhookSecret secret,
            @Nullable String token,
            @Nullable String traceparent) {
        return Mono.defer(() -> {
            Instant startedAt = Instant.now();
            long started = System.nanoTime();
            return client.post()
                    .uri(url)
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(headers -> sign(headers, id, startedAt.getEpochSecond(), body, secret, token))
                    .headers(headers -> traced(headers, traceparent))
                    .bodyValue(body)
                    .exchangeToMono(response -> response.releaseBody()
                            .thenReturn(response.statusCode().value()))
                    .timeout(limit)
                    .map(status -> new Outcome(startedAt, since(started), status, null))
                    .onErrorResume(error -> Mono.just(new Outcome(startedAt, since(started), null, describe(error))));
        });
    }

    private static void sign(
            HttpHeaders headers, String id, long timestamp, byte[] body, WebhookSecret secret, @Nullable String token) {
        headers.set("webhook-id", id);
        headers.set("webhook-timestamp", Long.toString(timestamp));
        headers.set("webhook-signature", secret.sign(id, timestamp, body));
        headers.set(HttpHeaders.USER_AGENT, "jobstream-webhooks");
        if (token != null) {
            headers.setBearerAuth(token);
        }
    }

    private static void traced(HttpHeaders headers, @Nullable String traceparent) {
        if (traceparent != null) {
            headers.set(Traces.TRACEPARENT, traceparent);
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private String describe(Throwable error) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        if (error instanceof TimeoutException || cause instanceof ReadTimeoutException) {
            return "no answer in time (connect within " + connectTimeout.toMillis() + " ms, answer within "
                    + responseTimeout.toMillis() + " ms)";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() <= MAX_ERROR_LENGTH ? message : message.substring(0, MAX_ERROR_LENGTH);
    }

    @Override
    public void destroy() {
        connections.dispose();
    }
}
