package io.jobstream.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/** One hop's answer, its body not yet read: what {@link UrlFetcher} decides on. */
record HopResponse(URI url, HttpClientResponse response, Connection connection) {

    int status() {
        return response.status().code();
    }

    @Nullable
    String header(CharSequence name) {
        return response.responseHeaders().get(name);
    }

    /** The announced length; -1 when there is none or it is not a number (then the cap still counts). */
    long contentLength() {
        String length = header(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    OptionalLong contentLengthIfKnown() {
        long length = contentLength();
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    @Nullable
    MediaType contentType() {
        String type = header(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(type);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    @Nullable
    String filename() {
        String disposition = header(HttpHeaderNames.CONTENT_DISPOSITION);
        if (disposition != null) {
            try {
                String filename = ContentDisposition.parse(disposition).getFilename();
                if (filename != null && !filename.isBlank()) {
                    return filename;
                }
            } catch (IllegalArgumentException e) {
                // a malformed header names no file; the URL may still
            }
        }
        String path = url.getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? null : last;
    }

    /** Closes the connection without reading the rest: nothing of an unwanted body is read. */
    void close() {
        connection.dispose();
    }
}
