package io.jobstream.webhook;

import java.util.Locale;

/**
 * Where a webhook delivery stands; mirrored by the {@code webhook_deliveries_status_known}
 * constraint (V4). The relay's claim reads a partial index of pending deliveries, so SQL
 * spells a status as a literal made here ({@link #sql()}), which the planner sees.
 */
enum DeliveryStatus {
    /** Due at {@code next_attempt_at}, or being sent. */
    PENDING,
    /** A receiver answered 2xx. Sent again only when someone asks for a redelivery. */
    SUCCEEDED,
    /** Retried for {@code jobstream.webhooks.retry-for} without success. */
    FAILED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status as a SQL literal. */
    String sql() {
        return "'" + wireName() + "'";
    }
}
