package io.jobstream.storage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The SQL of {@link PostgresStorage}: objects, their chunks (V13) and the puts under way
 * (V18). Only {@link #publish} is a transaction; every other statement commits on its own.
 */
@Repository
class StoredObjectRepository {

    /** An object as a reader needs it: which version's chunks to read, and how many bytes there are. */
    record Header(UUID version, long bytes) {}

    /** A chunk read back: the offset of its first byte and its bytes. */
    record Chunk(long start, ByteBuffer data) {}

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    StoredObjectRepository(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /** Records a put of {@code version} under way, so that its chunks are found if its instance dies. */
    Mono<Void> begin(String key, UUID version) {
        return db.sql("insert into stored_uploads (version, key, started_at) values (:version, :key, now())")
                .bind("version", version)
                .bind("key", key)
                .then();
    }

    Mono<Void> insertChunk(String key, UUID version, long start, byte[] data) {
        return db.sql("""
                        insert into stored_chunks (key, version, start_byte, data)
                        values (:key, :version, :start, :data)""")
                .bind("key", key)
                .bind("version", version)
                .bind("start", start)
                .bind("data", ByteBuffer.wrap(data))
                .then();
    }

    /**
     * Makes {@code version}, all of whose chunks are written, the object under {@code key}, and
     * deletes the chunks of the version it replaces, in one transaction: a reader sees the old
     * bytes or the new ones. Publishing one key is serialized by a transaction-level advisory
     * lock, taken before the switch reads which version it replaces: of two puts of one key
     * the one published last wins, and the chunks of the other are deleted with it.
     */
    Mono<Void> publish(String key, UUID version, String contentType, long bytes, String sha256) {
        Mono<Void> locked = db.sql("select pg_advisory_xact_lock(hashtextextended(:key, 21))")
                .bind("key", key)
                .then();
        Mono<Void> switched = db.sql("""
                        with replaced as (
                            select version from stored_objects where key = :key
                        ), published as (
                            insert into stored_objects (key, version, content_type, bytes, sha256, created_at)
                            values (:key, :version, :content_type, :bytes, :sha256, now())
                            on conflict (key) do update set version = excluded.version,
                                content_type = excluded.content_type, bytes = excluded.bytes,
                                sha256 = excluded.sha256, created_at = excluded.created_at
                        ), finished as (
                            delete from stored_uploads where version = :version
                        )
                        delete from stored_chunks
                        where key = :key and version in (select version from replaced)""")
                .bind("key", key)
                .bind("version", version)
                .bind("content_type", contentType)
                .bind("bytes", bytes)
                .bind("sha256", sha256)
                .then();
        return locked.then(switched).as(transactions::transactional);
    }

    /**
     * Deletes what a put that did not finish wrote: its chunks, then its row. A put cancelled
     * just after its switch committed keeps its chunks: the object is published.
     */
    Mono<Void> abandon(String key, UUID version) {
        return db.sql("""
                        delete from stored_chunks where key = :key and version = :version
                          and not exists (select 1 from stored_objects where key = :key and version = :version)""")
                .bind("key", key)
                .bind("version", version)
                .then()
                .then(db.sql("delete from stored_uploads where version = :version")
                        .bind("version", version)
                        .then());
    }

    /**
     * Deletes the chunks and rows of up to {@code limit} puts that began more than {@code age}
     * ago and never finished (their instance died); returns how many.
     */
    Mono<Integer> deleteAbandoned(Duration age, int limit) {
        return db.sql("""
                        with abandoned as (
                            delete from stored_uploads
                            where version in (select version from stored_uploads
                                              where started_at < now() - make_interval(secs => :age)
                                              order by started_at limit :limit)
                            returning key, version
                        ), chunks as (
                            delete from stored_chunks c using abandoned a
                            where c.key = a.key and c.version = a.version
                        )
                        select count(*)::integer as puts from abandoned""")
                .bind("age", (double) age.toSeconds())
                .bind("limit", limit)
                .map(row -> row.get("puts", Integer.class))
                .one();
    }

    Mono<Header> header(String key) {
        return db.sql("select version, bytes from stored_objects where key = :key")
                .bind("key", key)
                .map(row -> new Header(row.get("version", UUID.class), row.get("bytes", Long.class)))
                .one();
    }

    /**
     * Up to {@code limit} chunks of {@code version} in order: the one that holds byte
     * {@code from}, and those after it that start before {@code end}.
     */
    Mono<List<Chunk>> chunks(String key, UUID version, long from, long end, int limit) {
        return db.sql("""
                        select start_byte, data from stored_chunks
                        where key = :key and version = :version and start_byte < :end
                          and start_byte >= (select coalesce(max(start_byte), 0) from stored_chunks
                                             where key = :key and version = :version and start_byte <= :from)
                        order by start_byte
                        limit :limit""")
                .bind("key", key)
                .bind("version", version)
                .bind("from", from)
                .bind("end", end)
                .bind("limit", limit)
                .map(row -> new Chunk(row.get("start_byte", Long.class), row.get("data", ByteBuffer.class)))
                .all()
                .collectList();
    }

    /** Deletes the object and the chunks of its version; a put of the key under way is not touched. */
    Mono<Void> delete(String key) {
        return db.sql("""
                        with deleted as (delete from stored_objects where key = :key returning key, version)
                        delete from stored_chunks c using deleted d where c.key = d.key and c.version = d.version""").bind("key", key).then();
    }

    /** Deletes every object whose key starts with {@code prefix}, found through the pattern index (V13). */
    Mono<Void> deleteAll(String prefix) {
        return db.sql("""
                        with deleted as (delete from stored_objects where key like :pattern returning key, version)
                        delete from stored_chunks c using deleted d where c.key = d.key and c.version = d.version""")
                .bind(
                        "pattern",
                        prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .then();
    }
}
