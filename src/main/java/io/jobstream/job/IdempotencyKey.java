package io.jobstream.job;

import io.jobstream.system.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for idempotency keys, on every door (the {@code Idempotency-Key} header, a
 * record's {@code idempotency_key} or its Kafka key): 1 to 255 visible ASCII characters
 * ({@code !} to {@code ~}), so that a key accepted on one door is accepted on the other, and
 * every key fits in an HTTP header. A key is the owner's: two owners may use the same one.
 */
public final class IdempotencyKey {

    static final int MAX_LENGTH = 255;
    static final String RULE = "must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces)";

    private IdempotencyKey() {}

    /**
     * {@code raw}, if it is one; null if it is null.
     *
     * @throws InvalidInputException naming {@code field} for anything else
     */
    public static @Nullable String check(@Nullable String raw, String field) {
        if (raw == null) {
            return null;
        }
        if (!isValid(raw)) {
            throw InvalidInputException.of(field, RULE);
        }
        return raw;
    }

    static boolean isValid(String raw) {
        return !raw.isEmpty() && raw.length() <= MAX_LENGTH && raw.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }
}
