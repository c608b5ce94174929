package io.jobstream.retention;

import io.jobstream.job.JobArtifacts;
import io.jobstream.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The deletes of retention (V26), each batch one short transaction that also queues the
 * storage objects of what it deleted ({@code retention_object_deletes}): the objects are
 * deleted after the rows ({@link ObjectDeletes}), and a failure there leaves the key queued.
 * Every transaction gives up on a row lock it would wait for more than {@link #LOCK_TIMEOUT}
 * rather than hold up the statement that has it.
 */
@Repository
class RetentionRepository {

    /** Where the walk over old files starts: before every file. */
    static final FileCursor FIRST_FILE = new FileCursor(Instant.EPOCH, new UUID(0, 0));

    private static final String LOCK_TIMEOUT = "set local lock_timeout = '2s'";

    /** Files looked at in one batch: how many, the storage keys of those deleted, and where the walk goes on. */
    record FileBatch(int looked, List<String> deletedKeys, FileCursor next) {}

    /** A place in the walk over files in the order of {@code files_created}. */
    record FileCursor(Instant createdAt, UUID id) {}

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    RetentionRepository(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /**
     * Deletes up to {@code limit} jobs of {@code status} that finished more than {@code age} ago,
     * oldest first; the database deletes what hangs off them (events and with them webhook
     * deliveries and their attempts, checkpoints, documents and their chunks, artifacts, the
     * crawl frontier). Only jobs whose events are all on the events topic (the relay's cursor
     * is past the job's last event, V6 and V8) go, so a relay that fell behind loses nothing;
     * and a job with a webhook delivery still pending (redelivered lately) waits for its end.
     * Batches left without a job are deleted too. Rows another transaction holds are skipped.
     * Returns how many jobs were deleted.
     */
    Mono<Integer> deleteFinishedJobs(JobStatus status, Duration age, int limit) {
        Mono<List<Deleted>> jobs = db.sql("""
                        with due as (
                            select id from jobs
                            where status = :status and completed_at < now() - make_interval(secs => :age)
                              and coalesce(events_txid, '0'::xid8) <= (select published_through from event_relay)
                              and not exists (select 1 from webhook_deliveries d
                                              where d.job_id = jobs.id and d.status = 'pending')
                            order by completed_at
                            limit :limit
                            for update skip locked
                        )
                        delete from jobs j using due where j.id = due.id
                        returning j.id, j.batch_id""")
                .bind("status", status.wireName())
                .bind("age", (double) age.toMillis() / 1000)
                .bind("limit", limit)
                .map(row ->
                        new Deleted(Objects.requireNonNull(row.get("id", UUID.class)), row.get("batch_id", UUID.class)))
                .all()
                .collectList();
        return db.sql(LOCK_TIMEOUT)
                .then()
                .then(jobs)
                .flatMap(deleted -> queueObjects(prefixes(deleted), true)
                        .then(deleteEmptyBatches(deleted))
                        .thenReturn(deleted.size()))
                .as(transactions::transactional);
    }

    private record Deleted(UUID id, @Nullable UUID batchId) {}

    private static String[] prefixes(List<Deleted> deleted) {
        return deleted.stream().map(job -> JobArtifacts.prefix(job.id())).toArray(String[]::new);
    }

    /** A later statement than the delete: it sees the batch's jobs gone. */
    private Mono<Void> deleteEmptyBatches(List<Deleted> deleted) {
        UUID[] batches = deleted.stream()
                .map(Deleted::batchId)
                .filter(Objects::nonNull)
                .distinct()
                .toArray(UUID[]::new);
        if (batches.length == 0) {
            return Mono.empty();
        }
        return db.sql("""
                        delete from batches b
                        where b.id = any(:ids) and not exists (select 1 from jobs j where j.batch_id = b.id)""").bind("ids", batches).then();
    }

    /**
     * Looks at up to {@code limit} files uploaded more than {@code age} ago, after {@code after}
     * in upload order, and deletes those no job names: a job names a file by a {@code file_id}
     * field anywhere in its payload, which is how every type that reads files takes them
     * ({@code file_id}, {@code document.file_id}, {@code documents[].file_id}). A job can name
     * only its owner's files that existed when it was submitted, so only the owners' jobs
     * since the oldest of these files are read (from an hour before it: the instances that
     * stamped the upload and the job may not agree to the second on the time).
     */
    Mono<FileBatch> deleteUnreferencedFiles(Duration age, FileCursor after, int limit) {
        Mono<FileBatch> batch = db.sql("""
                        with candidates as (
                            select id, owner, created_at from files
                            where created_at < now() - make_interval(secs => :age)
                              and (created_at, id) > (:after_created, :after_id)
                            order by created_at, id
                            limit :limit
                        ), owners as (
                            select owner, min(created_at) as since from candidates group by owner
                        ), named as (
                            select distinct ref.file_id
                            from owners o
                                 join jobs j on j.owner = o.owner and j.created_at >= o.since - interval '1 hour'
                                 cross join lateral jsonb_path_query(j.payload, 'strict $.**.file_id') as ref(file_id)
                        ), deleted as (
                            delete from files f using candidates c
                            where f.id = c.id
                              and not exists (select 1 from named n where n.file_id = to_jsonb(c.id::text))
                            returning f.storage_key
                        ), last as (
                            select created_at, id from candidates order by created_at desc, id desc limit 1
                        )
                        select (select count(*) from candidates)::integer as looked,
                               array(select storage_key from deleted) as keys,
                               (select created_at from last) as last_created, (select id from last) as last_id""")
                .bind("age", (double) age.toMillis() / 1000)
                .bind("after_created", after.createdAt())
                .bind("after_id", after.id())
                .bind("limit", limit)
                .map(row -> new FileBatch(
                        Objects.requireNonNull(row.get("looked", Integer.class)),
                        Arrays.asList(Objects.requireNonNull(row.get("keys", String[].class))),
                        cursor(row.get("last_created", Instant.class), row.get("last_id", UUID.class), after)))
                .one();
        return db.sql(LOCK_TIMEOUT)
                .then()
                .then(batch)
                .flatMap(files -> queueObjects(files.deletedKeys().toArray(String[]::new), false)
                        .thenReturn(files))
                .as(transactions::transactional);
    }

    private static FileCursor cursor(@Nullable Instant createdAt, @Nullable UUID id, FileCursor otherwise) {
        return createdAt == null || id == null ? otherwise : new FileCursor(createdAt, id);
    }

    private Mono<Void> queueObjects(String[] keys, boolean prefix) {
        if (keys.length == 0) {
            return Mono.empty();
        }
        return db.sql("""
                        insert into retention_object_deletes (key, prefix, queued_at, not_before)
                        select key, :prefix, now(), now() from unnest(:keys::text[]) as key
                        on conflict (key) do nothing""").bind("keys", keys).bind("prefix", prefix).then();
    }

    /** A storage object (or every object under a prefix) to delete. */
    record ObjectDelete(String key, boolean prefix) {}

    /** Up to {@code limit} queued object deletes that are due, oldest first. */
    Mono<List<ObjectDelete>> dueObjectDeletes(int limit) {
        return db.sql("""
                        select key, prefix from retention_object_deletes
                        where not_before <= now()
                        order by not_before
                        limit :limit""")
                .bind("limit", limit)
                .map(row -> new ObjectDelete(
                        Objects.requireNonNull(row.get("key", String.class)),
                        Objects.requireNonNull(row.get("prefix", Boolean.class))))
                .all()
                .collectList();
    }

    Mono<Void> objectDeleted(String key) {
        return db.sql("delete from retention_object_deletes where key = :key")
                .bind("key", key)
                .then();
    }

    /** The delete failed: tried again no sooner than {@code retryAfter} from now. */
    Mono<Void> objectDeleteFailed(String key, String error, Duration retryAfter) {
        return db.sql("""
                        update retention_object_deletes
                        set failures = failures + 1, last_error = left(:error, 1000),
                            not_before = now() + make_interval(secs => :retry)
                        where key = :key""")
                .bind("key", key)
                .bind("error", error)
                .bind("retry", (double) retryAfter.toMillis() / 1000)
                .then();
    }
}
