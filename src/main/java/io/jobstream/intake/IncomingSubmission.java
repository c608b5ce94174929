package io.jobstream.intake;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One submission as a producer wrote it: the raw value, the record's key, where it came from
 * ({@code origin}, stable across redeliveries), and how to settle it: {@link #acknowledge()}
 * once handled, {@link #deadLetter(String)} to set an invalid one aside with the reason.
 * {@code traceparent}: the W3C trace context the producer sent with it, if any; the job it
 * becomes continues that trace.
 */
public record IncomingSubmission(
        byte @Nullable [] value,
        @Nullable String key,
        String origin,
        Runnable acknowledgement,
        Function<String, Mono<Void>> deadLetters,
        @Nullable String traceparent) {

    public void acknowledge() {
        acknowledgement.run();
    }

    /** Completes once the record sits in the dead-letter topic with {@code reason}. */
    public Mono<Void> deadLetter(String reason) {
        return deadLetters.apply(reason);
    }
}
