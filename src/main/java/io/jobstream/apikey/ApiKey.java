package io.jobstream.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A key as its owner sees it in a list: never its secret. {@code prefix} is its public part
 * ({@code jsk_} and its public id), which tells a key found in a config file from the others.
 */
public record ApiKey(
        UUID id,
        String prefix,
        String name,
        List<String> scopes,
        Instant createdAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant expiresAt) {}
