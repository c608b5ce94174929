package io.jobstream.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObject;
import io.jobstream.storage.StoredObjectNotFoundException;
import io.jobstream.support.JobstreamTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Storage objects go after their rows, from the queue the rows' transaction wrote: a delete
 * that fails stays queued for a later round and does not keep the others from going.
 */
@JobstreamTest
class ObjectDeletesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    RetentionRepository repository;

    @Autowired
    RetentionProperties properties;

    @Autowired
    Storage storage;

    @Autowired
    DatabaseClient db;

    @Test
    void aFailedStorageDeleteStaysQueuedAndTheOthersStillGo() {
        String prefix = "jobs/" + UUID.randomUUID() + "/";
        String reachable = prefix + "artifacts/report.txt";
        String unreachable = "files/unreachable-" + UUID.randomUUID();
        put(reachable);
        put(unreachable);
        queue(prefix, true);
        queue(unreachable, false);
        ObjectDeletes deletes = new ObjectDeletes(repository, new FailingFor(storage, unreachable), properties);

        StepVerifier.create(deletes.deleteDue(10_000))
                .expectNextMatches(deleted -> deleted >= 1)
                .expectComplete()
                .verify(TIMEOUT);

        StepVerifier.create(storage.get(reachable))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
        assertThat(queued(prefix)).isZero();
        assertThat(queued(unreachable))
                .as("the failed delete, queued for the next round")
                .isOne();
        StepVerifier.create(storage.get(unreachable).count())
                .expectNextMatches(buffers -> buffers > 0)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(deletes.deleteDue(10_000))
                .expectNext(0)
                .as("not tried again before the next round")
                .expectComplete()
                .verify(TIMEOUT);

        storage.delete(unreachable).block(TIMEOUT);
        repository.objectDeleted(unreachable).block(TIMEOUT);
    }

    private void put(String key) {
        Flux<DataBuffer> content =
                Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("bytes".getBytes(StandardCharsets.UTF_8)));
        storage.put(key, content, "text/plain").block(TIMEOUT);
    }

    private void queue(String key, boolean prefix) {
        db.sql("insert into retention_object_deletes (key, prefix, queued_at, not_before)"
                        + " values (:key, :prefix, now(), now())")
                .bind("key", key)
                .bind("prefix", prefix)
                .then()
                .block(TIMEOUT);
    }

    private long queued(String key) {
        return db.sql("select count(*) from retention_object_deletes where key = :key and failures = :failures")
                .bind("key", key)
                .bind("failures", key.startsWith("files/") ? 1 : 0)
                .map(row -> row.get(0, Long.class))
                .one()
                .block(TIMEOUT);
    }

    /** The application's storage, but one key cannot be deleted (an S3 that does not answer, say). */
    private record FailingFor(Storage storage, String key) implements Storage {

        @Override
        public Mono<StoredObject> put(String key, Flux<DataBuffer> content, String contentType) {
            return storage.put(key, content, contentType);
        }

        @Override
        public Flux<DataBuffer> get(String key) {
            return storage.get(key);
        }

        @Override
        public Flux<DataBuffer> get(String key, long offset, long length) {
            return storage.get(key, offset, length);
        }

        @Override
        public Mono<Void> delete(String key) {
            return key.equals(this.key) ? Mono.error(new IOException("storage unreachable")) : storage.delete(key);
        }

        @Override
        public Mono<Void> deleteAll(String prefix) {
            return storage.deleteAll(prefix);
        }
    }
}
