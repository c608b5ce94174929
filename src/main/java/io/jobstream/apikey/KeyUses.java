package io.jobstream.apikey;

import io.jobstream.system.PeriodicWork;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records when keys were last used, off the request path: a request only marks its key (in
 * memory, and only when the row's {@code last_used_at} is older than the precision), and every
 * {@link #FLUSH} one statement writes the marked keys. A key used a thousand times a second costs
 * one write a minute; a crash loses at most the few seconds not yet written. Runs on every
 * instance that serves the API, with or without background work.
 */
@Component
class KeyUses extends PeriodicWork {

    /** How long a use may wait to be written: the listed time is this much late at most. */
    static final Duration FLUSH = Duration.ofSeconds(2);

    private final ApiKeyRepository keys;
    private final Duration precision;
    private final Set<UUID> marked = ConcurrentHashMap.newKeySet();

    KeyUses(ApiKeyRepository keys, ApiKeyProperties properties) {
        super("Recording API key uses", FLUSH);
        this.keys = keys;
        this.precision = properties.lastUsedPrecision();
    }

    /** Marks a use of the key, to be written with the next round. */
    void mark(UUID key) {
        marked.add(key);
    }

    @Override
    protected Mono<?> runOnce() {
        if (marked.isEmpty()) {
            return Mono.empty();
        }
        List<UUID> due = List.copyOf(marked);
        due.forEach(marked::remove);
        return keys.recordUses(due, precision);
    }
}
