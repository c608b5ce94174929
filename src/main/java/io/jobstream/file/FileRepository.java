package io.jobstream.file;

import io.jobstream.job.Caller;
import io.jobstream.job.JobCursor;
import io.jobstream.job.JobSql;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rows of files (V14). Reads for a caller see their own files, or all for an admin ({@link JobSql#VISIBLE}). */
@Repository
class FileRepository {

    /** A row's {@code created_at} as exact epoch microseconds: the key of a {@link JobCursor}, as for jobs. */
    private static final String SORT_KEY = "(extract(epoch from created_at) * 1000000)::bigint::text";

    private final DatabaseClient db;

    FileRepository(DatabaseClient db) {
        this.db = db;
    }

    /** What the owner's files take together. */
    Mono<Long> usedBytes(String owner) {
        return db.sql("select coalesce(sum(bytes), 0)::bigint from files where owner = :owner")
                .bind("owner", owner)
                .map(row -> row.get(0, Long.class))
                .one();
    }

    /**
     * Inserts the file if the owner's files and it stay within {@code quota}; empty if not.
     * Two uploads of one owner that end at the same moment can both pass: the quota is
     * checked, not enforced by a lock, and may be passed by one in-flight upload per request.
     */
    Mono<StoredFile> insertWithin(StoredFile file, long quota) {
        return db.sql("""
                        insert into files (id, owner, filename, content_type, bytes, sha256, storage_key, created_at)
                        select :id, :owner, :filename, :content_type, :bytes, :sha256, :storage_key, :created_at
                        where (select coalesce(sum(bytes), 0) from files where owner = :owner) + :bytes <= :quota
                        returning *""")
                .bind("id", file.id())
                .bind("owner", file.owner())
                .bind("filename", file.filename())
                .bind("content_type", file.contentType())
                .bind("bytes", file.bytes())
                .bind("sha256", file.sha256())
                .bind("storage_key", file.storageKey())
                .bind("created_at", file.createdAt())
                .bind("quota", quota)
                .map(FileRepository::file)
                .one();
    }

    Mono<StoredFile> find(String owner, UUID id) {
        return db.sql("select * from files where id = :id and owner = :owner")
                .bind("id", id)
                .bind("owner", owner)
                .map(FileRepository::file)
                .one();
    }

    Mono<StoredFile> find(Caller caller, UUID id) {
        return JobSql.visible(db.sql("select * from files where id = :id and " + JobSql.VISIBLE), caller)
                .bind("id", id)
                .map(FileRepository::file)
                .one();
    }

    /** Of {@code ids}, those that are files of {@code owner}. */
    Flux<UUID> owned(String owner, UUID[] ids) {
        return db.sql("select id from files where owner = :owner and id = any(:ids)")
                .bind("owner", owner)
                .bind("ids", ids)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    Mono<FilePage> list(Caller caller, FileQuery query) {
        Mono<Long> total = JobSql.visible(db.sql("select count(*) from files where " + JobSql.VISIBLE), caller)
                .map(row -> row.get(0, Long.class))
                .one();
        return total.zipWith(page(caller, query).collectList(), (count, rows) -> toPage(query, count, rows));
    }

    private Flux<PageRow> page(Caller caller, FileQuery query) {
        String after = query.after() == null
                ? ""
                : " and (created_at, id) < (timestamptz 'epoch' + cast(:after_key as bigint) * interval '1 microsecond',"
                        + " :after_id)";
        var spec = JobSql.visible(
                        db.sql("select *, " + SORT_KEY + " as sort_key from files where " + JobSql.VISIBLE + after
                                + " order by created_at desc, id desc limit :limit offset :offset"),
                        caller)
                .bind("limit", query.limit() + 1)
                .bind("offset", query.offset());
        if (query.after() != null) {
            spec = spec.bind("after_key", query.after().key())
                    .bind("after_id", query.after().id());
        }
        return spec.map(row -> new PageRow(file(row), row.get("sort_key", String.class)))
                .all();
    }

    private static FilePage toPage(FileQuery query, long total, List<PageRow> rows) {
        boolean hasMore = rows.size() > query.limit();
        List<PageRow> page = hasMore ? rows.subList(0, query.limit()) : rows;
        JobCursor next = hasMore
                ? FileCursors.after(page.getLast().file().id(), page.getLast().sortKey())
                : null;
        return new FilePage(page.stream().map(PageRow::file).toList(), total, hasMore, next);
    }

    /** Deletes the caller's file; its row as it was, to delete its bytes too. */
    Mono<StoredFile> delete(Caller caller, UUID id) {
        return JobSql.visible(db.sql("delete from files where id = :id and " + JobSql.VISIBLE + " returning *"), caller)
                .bind("id", id)
                .map(FileRepository::file)
                .one();
    }

    /** Deletes a row this service just inserted, when the rest of its upload failed. */
    Mono<Void> delete(UUID id) {
        return db.sql("delete from files where id = :id").bind("id", id).then();
    }

    private static StoredFile file(Readable row) {
        return new StoredFile(
                row.get("id", UUID.class),
                row.get("owner", String.class),
                row.get("filename", String.class),
                row.get("content_type", String.class),
                row.get("bytes", Long.class),
                row.get("sha256", String.class),
                row.get("storage_key", String.class),
                row.get("created_at", Instant.class));
    }

    private record PageRow(StoredFile file, String sortKey) {}
}
