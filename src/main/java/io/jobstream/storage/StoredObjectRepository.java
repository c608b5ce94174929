package io.jobstream.storage;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The SQL of {@link PostgresStorage}: objects and their chunks (V13). */
@Repository
class StoredObjectRepository {

    /** An object as a reader needs it: which version's chunks to read, and how many bytes there are. */
    record Header(UUID version, long bytes) {}

    /** A chunk read back: the offset of its first byte and its bytes. */
    record Chunk(long start, ByteBuffer data) {}

    private final DatabaseClient db;

    StoredObjectRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Claims {@code key} for a new version and drops the chunks of the old one. The row lock
     * this takes holds a concurrent put of the same key until this transaction ends.
     */
    Mono<Void> begin(String key, UUID version, String contentType) {
        return db.sql("""
                        insert into stored_objects (key, version, content_type, bytes, sha256, created_at)
                        values (:key, :version, :content_type, 0, '', now())
                        on conflict (key) do update set version = excluded.version,
                            content_type = excluded.content_type, bytes = 0, sha256 = '',
                            created_at = excluded.created_at""")
                .bind("key", key)
                .bind("version", version)
                .bind("content_type", contentType)
                .then()
                .then(db.sql("delete from stored_chunks where key = :key")
                        .bind("key", key)
                        .then());
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

    Mono<Void> finish(String key, long bytes, String sha256) {
        return db.sql("update stored_objects set bytes = :bytes, sha256 = :sha256 where key = :key")
                .bind("key", key)
                .bind("bytes", bytes)
                .bind("sha256", sha256)
                .then();
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

    /** Deletes the object and, by the foreign key's cascade, its chunks. */
    Mono<Void> delete(String key) {
        return db.sql("delete from stored_objects where key = :key")
                .bind("key", key)
                .then();
    }

    /** Deletes every object whose key starts with {@code prefix}, found through the pattern index (V13). */
    Mono<Void> deleteAll(String prefix) {
        return db.sql("delete from stored_objects where key like :pattern")
                .bind(
                        "pattern",
                        prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .then();
    }
}
