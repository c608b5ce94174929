package io.jobstream.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The part of a download a {@code Range} header asks for. One range is served as 206; none,
 * several (multipart/byteranges is not worth its weight here) or a malformed header get the
 * whole file, as RFC 9110 allows; a range that starts past the end is a 416.
 */
record ByteRange(long offset, long length, boolean whole) {

    static ByteRange of(@Nullable String header, long size) {
        List<HttpRange> ranges;
        try {
            ranges = header == null ? List.of() : HttpRange.parseRanges(header);
        } catch (IllegalArgumentException malformed) {
            ranges = List.of();
        }
        if (ranges.size() != 1) {
            return new ByteRange(0, size, true);
        }
        long start = ranges.getFirst().getRangeStart(size);
        long end = ranges.getFirst().getRangeEnd(size);
        if (start >= size || end < start) {
            throw new Unsatisfiable(size);
        }
        return new ByteRange(start, end - start + 1, false);
    }

    String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }

    /** 416, telling the client the size ({@code Content-Range: bytes *}{@code /size}). */
    static final class Unsatisfiable extends ResponseStatusException {

        private final long size;

        Unsatisfiable(long size) {
            super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "The range starts past the end of the file");
            this.size = size;
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            return headers;
        }
    }
}
