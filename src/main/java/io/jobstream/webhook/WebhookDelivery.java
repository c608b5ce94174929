package io.jobstream.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One webhook message: the event of a job it reports ({@code phase} is the event's kind) and
 * every attempt to send it. {@code status} is {@code pending} (due at {@code nextAttemptAt},
 * or being sent), {@code succeeded} (a receiver answered 2xx) or {@code failed} (it was
 * retried for {@code jobstream.webhooks.retry-for} in vain). {@code id} is the
 * {@code webhook-id} of every attempt.
 */
public record WebhookDelivery(
        UUID id,
        UUID jobId,
        long eventSeq,
        String phase,
        String status,
        @Nullable Instant nextAttemptAt,
        Instant createdAt,
        @Nullable Instant completedAt,
        List<Attempt> attempts) {

    /** One try: the receiver's HTTP status, or why there was none. */
    public record Attempt(
            int number,
            Instant startedAt,
            long durationMs,
            @Nullable Integer statusCode,
            @Nullable String error) {}
}
