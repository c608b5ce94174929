package io.jobstream.system;

import java.time.Duration;

/**
 * The caller has reached a limit; the same request may succeed after {@code retryAfter}, or,
 * when that is zero, once the caller has freed something (a storage quota).
 */
public class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
