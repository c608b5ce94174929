package io.jobstream.api;

import java.util.List;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stored bytes (an uploaded file, an artifact) as a download: streamed, with their length,
 * media type and file name, whole ({@code 200}) or one {@code Range} ({@code 206}). Several
 * ranges in one request get the whole content, which RFC 9110 allows; a range past the end
 * gets {@code 416}.
 */
final class StoredContent {

    private StoredContent() {}

    /** Bytes {@code offset} to {@code offset + length - 1}; {@code isWhole} when no range was asked for. */
    record Range(long offset, long length, boolean isWhole) {}

    static Mono<ServerResponse> respond(
            ServerRequest request,
            String filename,
            String contentType,
            long size,
            Function<Range, Flux<DataBuffer>> content) {
        List<HttpRange> ranges = ranges(request);
        ServerResponse.BodyBuilder response;
        Range range;
        if (ranges.size() == 1) {
            HttpRange asked = ranges.getFirst();
            if (size == 0 || asked.getRangeStart(size) >= size) {
                return unsatisfiable(size);
            }
            long start = asked.getRangeStart(size);
            long end = asked.getRangeEnd(size);
            range = new Range(start, end - start + 1, false);
            response = ServerResponse.status(HttpStatus.PARTIAL_CONTENT)
                    .header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        } else {
            range = new Range(0, size, true);
            response = ServerResponse.ok();
        }
        return response.contentType(mediaType(contentType))
                .contentLength(range.length())
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(BodyInserters.fromDataBuffers(content.apply(range)));
    }

    private static List<HttpRange> ranges(ServerRequest request) {
        try {
            return request.headers().range();
        } catch (IllegalArgumentException malformed) {
            // a Range header we cannot read is ignored, as RFC 9110 says: the whole content
            return List.of();
        }
    }

    private static Mono<ServerResponse> unsatisfiable(long size) {
        return ServerResponse.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size)
                .build();
    }

    private static MediaType mediaType(String contentType) {
        try {
            return MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException stored) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
