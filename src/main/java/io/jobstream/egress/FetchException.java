package io.jobstream.egress;

/**
 * A URL could not be fetched: refused, too large, too slow, too many redirects, an HTTP error
 * or a broken connection. The message is written for the person who named the URL (e.g.
 * {@code refused: 10.0.0.1 is a private address}, {@code HTTP 404 Not Found}); it fails that
 * document, never the service.
 */
public final class FetchException extends RuntimeException {

    FetchException(String message) {
        super(message);
    }

    FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
