package io.jobstream.api;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stored bytes (an uploaded file, an artifact) as a download: streamed, with their length,
 * media type, file name and SHA-256 as the {@code ETag}; whole ({@code 200}) or the one
 * {@code Range} asked for ({@code 206}, see {@link ByteRange}).
 */
final class StoredContent {

    private StoredContent() {}

    /** What is downloaded: its name, type, size and SHA-256. */
    record Described(String filename, String contentType, long bytes, String sha256) {}

    static Mono<ServerResponse> respond(
            ServerRequest request, Described stored, Function<ByteRange, Flux<DataBuffer>> content) {
        return Mono.fromCallable(() -> ByteRange.of(request.headers().firstHeader(HttpHeaders.RANGE), stored.bytes()))
                .flatMap(range -> send(stored, range, content.apply(range)));
    }

    private static Mono<ServerResponse> send(Described stored, ByteRange range, Flux<DataBuffer> content) {
        var response = range.whole()
                ? ServerResponse.ok()
                : ServerResponse.status(HttpStatus.PARTIAL_CONTENT)
                        .header(HttpHeaders.CONTENT_RANGE, range.contentRange(stored.bytes()));
        return response.contentType(mediaType(stored.contentType()))
                .contentLength(range.length())
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(HttpHeaders.ETAG, "\"" + stored.sha256() + "\"")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(stored.filename(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(BodyInserters.fromDataBuffers(content));
    }

    private static MediaType mediaType(String contentType) {
        try {
            return MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException stored) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
