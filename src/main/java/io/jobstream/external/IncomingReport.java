package io.jobstream.external;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One report as a Kafka worker wrote it: the raw value, the record's key, where it came from
 * ({@code origin}, {@code topic-partition@offset}), and how to settle it: {@link #acknowledge()}
 * once applied, {@link #deadLetter(String)} to set a malformed one aside with the reason.
 */
public record IncomingReport(
        byte @Nullable [] value,
        @Nullable String key,
        String origin,
        Runnable acknowledgement,
        Function<String, Mono<Void>> deadLetters) {

    public void acknowledge() {
        acknowledgement.run();
    }

    /** Completes once the record sits in the dead-letter topic with {@code reason}. */
    public Mono<Void> deadLetter(String reason) {
        return deadLetters.apply(reason);
    }
}
