package io.jobstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.StoreTest;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The storage contract against the default backend, on the real test PostgreSQL (V13, V18);
 * and what only this backend has to show: a put that waits for its content holds no
 * database connection, and nothing of a put that did not finish stays behind.
 */
@StoreTest
class PostgresStorageTest extends StorageContract {

    @Autowired
    Storage storage;

    @Autowired
    DatabaseClient db;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    AbandonedPuts abandonedPuts;

    @Override
    Storage storage() {
        return storage;
    }

    @Test
    void theDefaultBackendIsPostgres() {
        assertThat(storage).isInstanceOf(PostgresStorage.class);
    }

    @Test
    void aPutWaitingForItsContentHoldsNoConnectionAndShowsNothingUntilItEnds() {
        String key = key();
        int idle = acquiredConnections();
        byte[] data = randomBytes(3 * CHUNK);
        Sinks.Many<DataBuffer> upload = Sinks.many().unicast().onBackpressureBuffer();
        var put = StepVerifier.create(storage.put(key, upload.asFlux(), "application/pdf"))
                .expectNextCount(1)
                .expectComplete()
                .verifyLater();

        inBuffersOf(java.util.Arrays.copyOf(data, 2 * CHUNK + 1), 64 * 1024).subscribe(upload::tryEmitNext);
        await().atMost(TIMEOUT).until(() -> chunksOf(key) == 2);

        // a slow client: two chunks are written, the third waits for bytes that have not come
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> acquiredConnections() == idle);
        StepVerifier.create(storage.get(key))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);

        inBuffersOf(java.util.Arrays.copyOfRange(data, 2 * CHUNK + 1, data.length), 64 * 1024)
                .subscribe(upload::tryEmitNext);
        upload.tryEmitComplete();
        put.verify(TIMEOUT);
        assertThat(read(storage.get(key))).isEqualTo(data);
        assertThat(pendingPuts(key)).isZero();
    }

    @Test
    void aCancelledPutLeavesNoChunksAndTheOldObject() {
        String key = key();
        byte[] old = randomBytes(CHUNK + 1);
        put(key, old);
        Sinks.Many<DataBuffer> upload = Sinks.many().unicast().onBackpressureBuffer();
        Disposable put = storage.put(key, upload.asFlux(), "application/pdf").subscribe();
        inBuffersOf(randomBytes(2 * CHUNK + 1), 64 * 1024).subscribe(upload::tryEmitNext);
        await().atMost(TIMEOUT).until(() -> chunksOf(key) == 2 + 2);

        put.dispose();

        await().atMost(TIMEOUT).until(() -> chunksOf(key) == 2 && pendingPuts(key) == 0);
        assertThat(read(storage.get(key))).isEqualTo(old);
    }

    @Test
    void ofTwoPutsOfOneKeyTheOnePublishedLastWinsAndTheOthersChunksGo() {
        String key = key();
        byte[] first = randomBytes(CHUNK + 7);
        byte[] second = randomBytes(CHUNK + 9);
        Sinks.Many<DataBuffer> slow = Sinks.many().unicast().onBackpressureBuffer();
        var slowPut = StepVerifier.create(storage.put(key, slow.asFlux(), "text/plain"))
                .expectNextCount(1)
                .expectComplete()
                .verifyLater();
        inBuffersOf(first, 64 * 1024).subscribe(slow::tryEmitNext);
        await().atMost(TIMEOUT).until(() -> chunksOf(key) == 1);

        put(key, second);
        slow.tryEmitComplete();
        slowPut.verify(TIMEOUT);

        assertThat(read(storage.get(key))).isEqualTo(first);
        assertThat(chunksOf(key)).isEqualTo(2);
    }

    @Test
    void theChunksOfAPutWhoseInstanceDiedAreDeletedOnceOld() {
        String abandoned = key();
        String recent = key();
        UUID[] versions = {UUID.randomUUID(), UUID.randomUUID()};
        pretendAPutDiedWhileWriting(abandoned, versions[0], Duration.ofDays(2));
        pretendAPutDiedWhileWriting(recent, versions[1], Duration.ofMinutes(5));

        StepVerifier.create(abandonedPuts.runOnce())
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(chunksOf(abandoned)).isZero();
        assertThat(pendingPuts(abandoned)).isZero();
        assertThat(chunksOf(recent)).isEqualTo(1);
        assertThat(pendingPuts(recent)).isEqualTo(1);
    }

    private void pretendAPutDiedWhileWriting(String key, UUID version, Duration ago) {
        db.sql("insert into stored_uploads (version, key, started_at) values (:version, :key, now() - :ago::interval)")
                .bind("version", version)
                .bind("key", key)
                .bind("ago", ago.toSeconds() + " seconds")
                .then()
                .then(db.sql(
                                "insert into stored_chunks (key, version, start_byte, data) values (:key, :version, 0, :data)")
                        .bind("key", key)
                        .bind("version", version)
                        .bind("data", ByteBuffer.wrap(randomBytes(10)))
                        .then())
                .block(TIMEOUT);
    }

    private int acquiredConnections() {
        return ((ConnectionPool) connections).getMetrics().orElseThrow().acquiredSize();
    }

    private long chunksOf(String key) {
        return count("select count(*) from stored_chunks where key = :key", key);
    }

    private long pendingPuts(String key) {
        return count("select count(*) from stored_uploads where key = :key", key);
    }

    private long count(String sql, String key) {
        return db.sql(sql)
                .bind("key", key)
                .map(row -> row.get(0, Long.class))
                .one()
                .block(TIMEOUT);
    }
}
