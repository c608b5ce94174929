package io.jobstream.retention;

import io.jobstream.retention.RetentionRepository.ObjectDelete;
import io.jobstream.storage.Storage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deletes from {@link Storage} (PostgreSQL or S3) what the rows retention deleted had stored,
 * queued by the same transactions ({@link RetentionRepository}). A failed delete is logged and
 * stays queued for a later round; it never stops the others, nor the round.
 */
@Component
class ObjectDeletes {

    private static final Logger log = LoggerFactory.getLogger(ObjectDeletes.class);

    /** Deletes in flight: an S3 prefix is a listing and a request per object, a PostgreSQL one a statement. */
    private static final int AT_ONCE = 4;

    private final RetentionRepository repository;
    private final Storage storage;
    private final Duration retryAfter;

    ObjectDeletes(RetentionRepository repository, Storage storage, RetentionProperties properties) {
        this.repository = repository;
        this.storage = storage;
        this.retryAfter = properties.interval();
    }

    /** Deletes up to {@code limit} queued objects (or prefixes) that are due; how many went. */
    Mono<Integer> deleteDue(int limit) {
        if (limit == 0) {
            return Mono.just(0);
        }
        return repository
                .dueObjectDeletes(limit)
                .flatMapIterable(due -> due)
                .flatMap(this::delete, AT_ONCE)
                .filter(deleted -> deleted)
                .count()
                .map(Long::intValue);
    }

    private Mono<Boolean> delete(ObjectDelete object) {
        Mono<Void> delete = object.prefix() ? storage.deleteAll(object.key()) : storage.delete(object.key());
        return delete.then(repository.objectDeleted(object.key()))
                .thenReturn(true)
                .onErrorResume(error -> failed(object, error));
    }

    private Mono<Boolean> failed(ObjectDelete object, Throwable error) {
        String cause = NestedExceptionUtils.getMostSpecificCause(error).toString();
        log.warn("Could not delete {} from storage, will try again in {}: {}", object.key(), retryAfter, cause);
        return repository
                .objectDeleteFailed(object.key(), cause, retryAfter)
                .onErrorComplete()
                .thenReturn(false);
    }
}
