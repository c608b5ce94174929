package io.jobstream.egress;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.SynchronousSink;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fetches documents from URLs that users name, with {@code jobstream.fetch.*}'s limits:
 * {@code http} and {@code https} only; redirects followed here, not by the client, at most
 * {@code max-redirects}, each hop's URL checked again and every connection guarded by the
 * {@link AddressPolicy} after DNS (so no hop, and no name that resolves inward, reaches a
 * refused address); a {@code Content-Length} over {@code max-bytes} refused before the body is
 * read, and a body that passes it while streaming failed; one time limit for the whole fetch,
 * body included; anything but a 2xx fails. Every failure is a {@link FetchException} with a
 * message for people.
 *
 * <p>No connection pool: each document is fetched once, from hosts that vary, so reuse would
 * buy little, and an unpooled connection is simply closed when its body ends or is abandoned.
 * Responses are not decompressed ({@code Accept-Encoding} is not sent), so the cap counts the
 * bytes that arrive and a compressed bomb stays a small file until the parser's own limits.
 */
@Component
public class UrlFetcher {

    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final long KILOBYTE = 1024;
    private static final long MEGABYTE = 1024 * KILOBYTE;
    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    private final FetchProperties properties;
    private final AddressPolicy policy;
    private final HttpClient client;
    private final FetchLimits defaults;

    UrlFetcher(FetchProperties properties) {
        this.properties = properties;
        this.policy =
                new AddressPolicy(properties.allowedNetworks(), "documents are fetched from public addresses only");
        this.client = policy.httpClient(ConnectionProvider.newConnection())
                .followRedirect(false)
                .headers(headers -> headers.set(HttpHeaderNames.ACCEPT, "*/*"));
        this.defaults = new FetchLimits(properties.maxBytes(), properties.timeout(), properties.userAgent());
    }

    /**
     * Empty if {@code url} may be fetched as far as can be told now (its scheme, and where its
     * host resolves today); otherwise why not. For an early answer at submit time: the fetch
     * checks again on every hop and connection.
     */
    public Mono<String> refusal(URI url) {
        String unfetchable = unfetchable(url);
        return unfetchable == null ? policy.refusal(url) : Mono.just(unfetchable);
    }

    /**
     * Fetches {@code url}: the response's headers once a 2xx arrives (after redirects), with its
     * body to stream. Fails with a {@link FetchException}, never anything else.
     */
    public Mono<Download> fetch(URI url) {
        return fetch(url, defaults);
    }

    /**
     * As {@link #fetch(URI)}, within {@code limits} instead of {@code jobstream.fetch.*}'s byte
     * cap, time limit and user agent. A failure that an HTTP status caused carries it
     * ({@link FetchException#status()}).
     */
    public Mono<Download> fetch(URI url, FetchLimits limits) {
        return fetch(url, limits, next -> Mono.empty());
    }

    /**
     * As {@link #fetch(URI, FetchLimits)}, asking {@code beforeRedirect} before following each
     * redirect: a crawler's own rules (robots.txt) for where it leads. Its error, a
     * {@link FetchException}, ends the fetch without requesting that URL.
     */
    public Mono<Download> fetch(URI url, FetchLimits limits, Function<URI, Mono<Void>> beforeRedirect) {
        return Mono.defer(() -> {
            Fetch fetch = new Fetch(limits, System.nanoTime() + limits.timeout().toNanos(), beforeRedirect);
            return hop(url, 0, fetch)
                    .timeout(limits.timeout())
                    .onErrorMap(TimeoutException.class, e -> timedOut(limits));
        });
    }

    /** One fetch's limits, the moment its time is up, and what to ask before a redirect. */
    private record Fetch(FetchLimits limits, long deadline, Function<URI, Mono<Void>> beforeRedirect) {}

    private Mono<Download> hop(URI url, int redirects, Fetch fetch) {
        String unfetchable = unfetchable(url);
        if (unfetchable != null) {
            return Mono.error(new FetchException(unfetchable));
        }
        return client.headers(headers ->
                        headers.set(HttpHeaderNames.USER_AGENT, fetch.limits().userAgent()))
                .get()
                .uri(url)
                .responseConnection((response, connection) -> Mono.just(new HopResponse(url, response, connection)))
                .next()
                .onErrorMap(error -> !(error instanceof TimeoutException), error -> connectionFailed(url, error))
                .flatMap(answer -> follow(answer, redirects, fetch));
    }

    private Mono<Download> follow(HopResponse answer, int redirects, Fetch fetch) {
        int status = answer.status();
        if (REDIRECTS.contains(status)) {
            answer.close();
            return redirect(answer, redirects, fetch);
        }
        if (status < 200 || status > 299) {
            answer.close();
            return Mono.error(new FetchException(statusLine(status), status));
        }
        long length = answer.contentLength();
        if (length > fetch.limits().maxBytes().toBytes()) {
            answer.close();
            return Mono.error(tooLarge(fetch.limits()));
        }
        return Mono.just(new Download(
                answer.url(),
                status,
                answer.contentType(),
                answer.contentLengthIfKnown(),
                answer.filename(),
                body(answer, fetch)));
    }

    private Mono<Download> redirect(HopResponse answer, int redirects, Fetch fetch) {
        if (redirects >= properties.maxRedirects()) {
            return Mono.error(new FetchException("more than " + properties.maxRedirects() + " redirects"));
        }
        String location = answer.header(HttpHeaderNames.LOCATION);
        if (location == null) {
            return Mono.error(new FetchException(statusLine(answer.status()) + " without a Location", answer.status()));
        }
        URI next;
        try {
            next = answer.url().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            return Mono.error(new FetchException("redirected to an invalid URL: " + location, e));
        }
        return fetch.beforeRedirect().apply(next).then(Mono.defer(() -> hop(next, redirects + 1, fetch)));
    }

    /** The body with the cap and the deadline; the connection is closed unless the body ends. */
    private Flux<DataBuffer> body(HopResponse answer, Fetch fetch) {
        Flux<DataBuffer> buffers =
                answer.connection().inbound().receive().retain().map(BUFFERS::wrap);
        long deadline = fetch.deadline();
        return Flux.defer(() -> capped(buffers, fetch.limits()))
                .timeout(untilDeadline(deadline), buffer -> untilDeadline(deadline))
                .onErrorMap(
                        error -> !(error instanceof FetchException), error -> bodyFailed(answer, error, fetch.limits()))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .doFinally(signal -> closeUnlessComplete(answer, signal));
    }

    private Flux<DataBuffer> capped(Flux<DataBuffer> buffers, FetchLimits limits) {
        AtomicLong received = new AtomicLong();
        return buffers.handle((buffer, sink) -> passUnderCap(received, buffer, sink, limits));
    }

    private void passUnderCap(
            AtomicLong received, DataBuffer buffer, SynchronousSink<DataBuffer> sink, FetchLimits limits) {
        if (received.addAndGet(buffer.readableByteCount()) > limits.maxBytes().toBytes()) {
            DataBufferUtils.release(buffer);
            sink.error(tooLarge(limits));
        } else {
            sink.next(buffer);
        }
    }

    private static Mono<Long> untilDeadline(long deadline) {
        return Mono.delay(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private static void closeUnlessComplete(HopResponse answer, SignalType signal) {
        if (signal != SignalType.ON_COMPLETE) {
            answer.close();
        }
    }

    private static @Nullable String unfetchable(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return "only http and https URLs can be fetched: " + url;
        }
        if (url.getHost() == null) {
            return "the URL has no host: " + url;
        }
        return null;
    }

    private FetchException connectionFailed(URI url, Throwable error) {
        if (error instanceof FetchException fetch) {
            return fetch;
        }
        AddressGuard.Refused refused = refusedIn(error);
        if (refused != null) {
            return new FetchException("refused: " + refused.reason(), error);
        }
        return new FetchException("could not fetch from " + url.getHost() + ": " + messageOf(error), error);
    }

    private FetchException bodyFailed(HopResponse answer, Throwable error, FetchLimits limits) {
        if (error instanceof TimeoutException) {
            return timedOut(limits);
        }
        return new FetchException("reading from " + answer.url().getHost() + " failed: " + messageOf(error), error);
    }

    private static AddressGuard.@Nullable Refused refusedIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AddressGuard.Refused refused) {
                return refused;
            }
        }
        return null;
    }

    private static String messageOf(Throwable error) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String statusLine(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : "HTTP " + status + " " + known.getReasonPhrase();
    }

    private static FetchException tooLarge(FetchLimits limits) {
        long bytes = limits.maxBytes().toBytes();
        String size = bytes % MEGABYTE == 0
                ? bytes / MEGABYTE + " MB"
                : bytes % KILOBYTE == 0 ? bytes / KILOBYTE + " KB" : bytes + " bytes";
        return new FetchException("larger than " + size);
    }

    private static FetchException timedOut(FetchLimits limits) {
        Duration timeout = limits.timeout();
        String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
        return new FetchException("timed out after " + limit);
    }
}
