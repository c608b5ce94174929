package io.jobstream.storage;

import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deletes the chunks of puts to the PostgreSQL backend that never finished because their
 * instance died while writing (a put that fails or is cancelled deletes its own), once they
 * are older than {@code jobstream.storage.abandoned-after}. Every instance runs it; the
 * deletes are idempotent. Nothing to do with the S3 backend, whose failed multipart uploads
 * are aborted by the put, and by the bucket's lifecycle rule after a crash.
 */
@Component
class AbandonedPuts extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(AbandonedPuts.class);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final int PUTS_PER_LOOK = 100;
    private static final int LOOKS_PER_ROUND = 10;

    private final StoredObjectRepository objects;
    private final Duration age;

    AbandonedPuts(StoredObjectRepository objects, StorageProperties properties, BackgroundWorkProperties background) {
        super(
                "Deleting abandoned storage puts",
                INTERVAL,
                background.enabled() && properties.backend() == StorageProperties.Backend.POSTGRES);
        this.objects = objects;
        this.age = properties.abandonedAfter();
    }

    @Override
    protected Mono<Integer> runOnce() {
        return whileFull(() -> objects.deleteAbandoned(age, PUTS_PER_LOOK), PUTS_PER_LOOK, LOOKS_PER_ROUND)
                .doOnNext(deleted -> {
                    if (deleted > 0) {
                        log.info("Deleted the chunks of {} put(s) abandoned by an instance that died", deleted);
                    }
                });
    }
}
