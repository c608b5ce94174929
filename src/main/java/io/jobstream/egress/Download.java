package io.jobstream.egress;

import java.net.URI;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

/**
 * A fetched document whose body is still on its way: what the server said about it, and the
 * body, to be subscribed to exactly once (consume it or cancel it: until then the connection
 * stays open). The body keeps the fetch's limits: it fails with a {@link FetchException} past
 * the byte cap or the fetch's deadline.
 *
 * @param url where the body came from, after redirects
 * @param status the HTTP status of the last hop (a 2xx)
 * @param contentType the server's {@code Content-Type} with its charset; null if it sent none
 *     or one that does not parse (a hint only: detect the type from the bytes)
 * @param contentLength the announced length, if any (already checked against the cap)
 * @param filename from {@code Content-Disposition}, else the last segment of the URL's path;
 *     null if neither has one
 * @param body the bytes, as they arrive
 */
public record Download(
        URI url,
        int status,
        @Nullable MediaType contentType,
        OptionalLong contentLength,
        @Nullable String filename,
        Flux<DataBuffer> body) {}
