package io.jobstream.apikey;

import io.jobstream.security.VerifiedKey;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A key's row, read to check a presented key. */
record StoredKey(ApiKey key, String owner, byte[] hash) {

    /** Whether {@code presented} hashes to this key's hash, compared in constant time. */
    boolean matches(byte[] presented) {
        return MessageDigest.isEqual(hash, presented);
    }

    boolean liveAt(Instant now) {
        @Nullable Instant expiresAt = key.expiresAt();
        return expiresAt == null || now.isBefore(expiresAt);
    }

    /** Whether a use at {@code now} should be recorded: the last one recorded is older than {@code precision}. */
    boolean useDueAt(Instant now, Duration precision) {
        @Nullable Instant lastUsedAt = key.lastUsedAt();
        return lastUsedAt == null || !lastUsedAt.plus(precision).isAfter(now);
    }

    VerifiedKey verified() {
        return new VerifiedKey(key.prefix(), owner, Set.copyOf(key.scopes()));
    }
}
