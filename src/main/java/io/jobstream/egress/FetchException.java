package io.jobstream.egress;

import java.util.OptionalInt;

/**
 * A URL could not be fetched: refused, too large, too slow, too many redirects, an HTTP error
 * or a broken connection. The message is written for the person who named the URL (e.g.
 * {@code refused: 10.0.0.1 is a private address}, {@code HTTP 404 Not Found}); it fails that
 * document, never the service.
 */
public final class FetchException extends RuntimeException {

    private final int status;

    /** A refusal of the caller's own, such as a crawler's robots.txt rules for where a redirect leads. */
    public FetchException(String message) {
        this(message, 0);
    }

    FetchException(String message, int status) {
        super(message);
        this.status = status;
    }

    FetchException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status that failed the fetch (a 404, a 503), if a server answered with one. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
