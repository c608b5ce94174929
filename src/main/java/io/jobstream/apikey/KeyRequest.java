package io.jobstream.apikey;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A request for a key: its name (1 to 100 characters), its scopes, and when it expires, if ever. */
public record KeyRequest(
        String name, Set<String> scopes, @Nullable Instant expiresAt) {

    public static final int MAX_NAME_LENGTH = 100;

    public KeyRequest {
        scopes = Set.copyOf(scopes);
    }
}
