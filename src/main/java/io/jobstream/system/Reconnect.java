package io.jobstream.system;

import java.time.Duration;
import org.slf4j.Logger;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * For pipelines that live as long as the application (consumers, listeners): a broken
 * connection is reopened for ever, with exponential backoff from {@code first} capped at
 * {@code max}; the backoff starts over once the pipeline has worked again.
 */
public final class Reconnect {

    private Reconnect() {}

    public static RetryBackoffSpec forever(Logger log, String what, Duration first, Duration max) {
        return Retry.backoff(Long.MAX_VALUE, first)
                .maxBackoff(max)
                .transientErrors(true)
                .doBeforeRetry(signal -> log.warn(
                        "{} interrupted, reconnecting: {}",
                        what,
                        signal.failure().toString()));
    }
}
