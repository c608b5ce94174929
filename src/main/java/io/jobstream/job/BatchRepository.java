package io.jobstream.job;

import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Batches: stored with all their jobs at once, read, counted and cancelled as a whole. */
@Repository
class BatchRepository {

    private static final String DEADLOCK = "40P01";
    private static final int DEADLOCK_RETRIES = 3;

    private final DatabaseClient db;
    private final JobRows rows;

    BatchRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /**
     * Stores a batch and all its jobs, each with its first event, in one statement; jobs in the
     * given order, marked dispatched (but those of external types, and those scheduled for
     * later, which the outbox relay publishes when due): the caller publishes their start
     * commands next.
     */
    Mono<List<Job>> insertBatch(UUID batchId, String owner, @Nullable String name, List<NewJob> jobs) {
        return rows.newJobs(db.sql("""
                        with batch as (
                            insert into batches (id, owner, name, job_count, created_at)
                            values (:batch, :owner, :name, :job_count, now())
                            returning id),
                        job as (
                            insert into jobs (id, owner, type, external, status, payload, result_type, batch_id,
                                              batch_position, progress_message, last_event_seq, created_at, updated_at,
                                              run_at, webhook, dispatched_at, events_txid, traceparent)
                            select j.id, :owner, j.type, j.external, :new_status, j.payload::jsonb, j.result_type,
                                   (select id from batch), j.position, 'Queued', 1, now(), now(), due.run_at,
                                   j.webhook::jsonb, case when not j.external and due.run_at <= now() then now() end,
                                   pg_current_xact_id(), j.traceparent
                            from unnest(:ids::uuid[], :types::text[], :externals::boolean[], :payloads::text[],
                                        :result_types::text[], :webhooks::text[], :run_ats::timestamptz[],
                                        :delays::bigint[], :traceparents::text[])
                                 with ordinality as j (id, type, external, payload, result_type, webhook, at, delay,
                                                       traceparent, position)\s""" + JobRows.DUE + """
                            returning *)""" + JobSql.EVENT_FROM_ROW), jobs)
                .bind("batch", batchId)
                .bind("owner", owner)
                .bind("name", Parameter.fromOrEmpty(name, String.class))
                .bind("job_count", jobs.size())
                .map(rows::job)
                .all()
                .collectMap(Job::id)
                .map(byId -> jobs.stream().map(job -> byId.get(job.id())).toList());
    }

    /**
     * Adds jobs to a batch that grows a chunk at a time (an import), creating the batch with
     * its first jobs; each job with its first event, and its line number as its place, in one
     * statement. A job whose owner's idempotency key is taken is not stored (and not counted in
     * the batch). Stored undispatched: the outbox relay hands them to the workers as the
     * owner's quota allows. The jobs stored.
     */
    Flux<Job> append(UUID batchId, String owner, @Nullable String name, List<NumberedJob> jobs) {
        List<NewJob> newJobs = jobs.stream().map(NumberedJob::job).toList();
        return rows.newJobs(db.sql("""
                        with job as (
                            insert into jobs (id, owner, type, external, status, payload, result_type, batch_id,
                                              batch_position, idempotency_key, request_hash, progress_message,
                                              last_event_seq, created_at, updated_at, run_at, webhook, events_txid,
                                              traceparent)
                            select j.id, :owner, j.type, j.external, :new_status, j.payload::jsonb, j.result_type, :batch,
                                   j.position, j.key, j.hash, 'Queued', 1, now(), now(), due.run_at, j.webhook::jsonb,
                                   pg_current_xact_id(), j.traceparent
                            from unnest(:ids::uuid[], :types::text[], :externals::boolean[], :payloads::text[],
                                        :result_types::text[], :webhooks::text[], :positions::integer[], :keys::text[],
                                        :hashes::text[], :run_ats::timestamptz[], :delays::bigint[], :traceparents::text[])
                                 as j (id, type, external, payload, result_type, webhook, position, key, hash, at,
                                       delay, traceparent)\s""" + JobRows.DUE + """
                            on conflict (owner, idempotency_key) where idempotency_key is not null do nothing
                            returning *),
                        batch as (
                            insert into batches (id, owner, name, job_count, created_at)
                            select :batch, :owner, :name, count(*), now() from job having count(*) > 0
                            on conflict (id) do update set job_count = batches.job_count + excluded.job_count)""" + JobSql.EVENT_FROM_ROW), newJobs)
                .bind("batch", batchId)
                .bind("owner", owner)
                .bind("name", Parameter.fromOrEmpty(name, String.class))
                .bind("positions", jobs.stream().map(NumberedJob::number).toArray(Integer[]::new))
                .bind("keys", newJobs.stream().map(NewJob::idempotencyKey).toArray(String[]::new))
                .bind("hashes", newJobs.stream().map(NewJob::requestHash).toArray(String[]::new))
                .map(rows::job)
                .all();
    }

    /** The owner's jobs that hold these idempotency keys, each with its batch and place. */
    Flux<KeyedJob> findByKeys(String owner, List<String> keys) {
        return db.sql("""
                        select id, idempotency_key, request_hash, batch_id, batch_position from jobs
                        where owner = :owner and idempotency_key = any(:keys)""")
                .bind("owner", owner)
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> new KeyedJob(
                        row.get("id", UUID.class),
                        row.get("idempotency_key", String.class),
                        row.get("request_hash", String.class),
                        row.get("batch_id", UUID.class),
                        row.get("batch_position", Integer.class)))
                .all();
    }

    /** A job to add to a batch at place {@code number} (an import's line number). */
    record NumberedJob(int number, NewJob job) {}

    /** A job found by its idempotency key. */
    record KeyedJob(
            UUID id,
            String key,
            String requestHash,
            @Nullable UUID batchId,
            @Nullable Integer position) {}

    Mono<BatchRow> find(UUID batchId, Caller caller) {
        return JobSql.visible(db.sql("select * from batches where id = :id and " + JobSql.VISIBLE), caller)
                .bind("id", batchId)
                .map(row -> new BatchRow(
                        row.get("id", UUID.class),
                        row.get("owner", String.class),
                        row.get("name", String.class),
                        row.get("job_count", Integer.class),
                        row.get("created_at", Instant.class)))
                .one();
    }

    Flux<Job> findJobs(UUID batchId) {
        return db.sql("select * from jobs where batch_id = :id order by batch_position")
                .bind("id", batchId)
                .map(rows::job)
                .all();
    }

    /** The batch's jobs counted by status, with the progress of the active ones: one aggregate, no job read. */
    Mono<BatchTally> tally(UUID batchId) {
        return db.sql("""
                        select status, count(*) as jobs, sum(progress_percent) as percent
                        from jobs where batch_id = :id group by status""")
                .bind("id", batchId)
                .map(row -> new BatchTally.Group(
                        JobStatus.fromWireName(row.get("status", String.class)),
                        row.get("jobs", Long.class),
                        row.get("percent", Long.class)))
                .all()
                .collectList()
                .map(BatchTally::ofGroups);
    }

    /**
     * Cancels every active job of a batch; the jobs it cancelled. One statement over many rows,
     * locked in no particular order, so PostgreSQL may break a deadlock with a worker's write of
     * several of them by aborting it: it is then run again (nothing of it was kept, and a job
     * cancelled meanwhile is no longer active), a few times.
     */
    Flux<Job> cancel(UUID batchId, Caller caller) {
        return JobSql.visible(
                        JobSql.transition(
                                db, Transition.CANCEL, JobRepository.CANCEL, "batch_id = :batch and " + JobSql.VISIBLE),
                        caller)
                .bind("batch", batchId)
                .map(rows::job)
                .all()
                .retryWhen(
                        Retry.backoff(DEADLOCK_RETRIES, Duration.ofMillis(20)).filter(BatchRepository::deadlocked));
    }

    /** PostgreSQL aborted the statement to break a deadlock (SQLSTATE 40P01). */
    private static boolean deadlocked(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && DEADLOCK.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** A batch as stored. */
    record BatchRow(UUID id, String owner, @Nullable String name, int jobCount, Instant createdAt) {}
}
