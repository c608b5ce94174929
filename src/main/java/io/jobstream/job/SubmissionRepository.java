package io.jobstream.job;

import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The statements of the submit path: new jobs, idempotent replays and the owner's quota. */
@Repository
class SubmissionRepository {

    private final DatabaseClient db;
    private final JobRows rows;

    SubmissionRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /**
     * Stores jobs, each with its first event, in one statement: the jobs stored. A job whose
     * owner's idempotency key is taken (also by an earlier job of the same call) is not.
     * {@code dispatching}: the caller publishes their start commands next, so they are stored
     * marked dispatched (the caller takes the marks back if the publish fails); otherwise the
     * outbox relay publishes them. Jobs of external types are never marked: no start command
     * is published for them; nor are jobs scheduled for later ({@link Job#scheduled()}): the
     * relay publishes them when they are due.
     */
    Flux<Job> insertAll(List<NewJob> jobs, boolean dispatching) {
        return rows.newJobs(db.sql("""
                        with job as (
                            insert into jobs (id, owner, type, external, status, payload, result_type, original_job_id,
                                              idempotency_key, request_hash, progress_message, last_event_seq,
                                              created_at, updated_at, run_at, webhook, dispatched_at, events_txid,
                                              traceparent)
                            select j.id, j.owner, j.type, j.external, :new_status, j.payload::jsonb, j.result_type,
                                   j.original, j.key, j.hash, 'Queued', 1, now(), now(), due.run_at, j.webhook::jsonb,
                                   case when :dispatching and not j.external and due.run_at <= now() then now() end,
                                   pg_current_xact_id(), j.traceparent
                            from unnest(:ids::uuid[], :owners::text[], :types::text[], :externals::boolean[],
                                        :payloads::text[], :result_types::text[], :originals::uuid[], :keys::text[],
                                        :hashes::text[], :webhooks::text[], :run_ats::timestamptz[], :delays::bigint[],
                                        :traceparents::text[])
                                 as j (id, owner, type, external, payload, result_type, original, key, hash, webhook,
                                       at, delay, traceparent)\s""" + JobRows.DUE + """
                            on conflict (owner, idempotency_key) where idempotency_key is not null do nothing
                            returning *)""" + JobSql.EVENT_FROM_ROW), jobs)
                .bind("owners", jobs.stream().map(NewJob::owner).toArray(String[]::new))
                .bind("originals", jobs.stream().map(NewJob::originalJobId).toArray(UUID[]::new))
                .bind("keys", jobs.stream().map(NewJob::idempotencyKey).toArray(String[]::new))
                .bind("hashes", jobs.stream().map(NewJob::requestHash).toArray(String[]::new))
                .bind("dispatching", dispatching)
                .map(rows::job)
                .all();
    }

    /** The job an earlier request with the same key and the same content created; empty if the content differs. */
    Mono<Job> findReplay(String owner, String key, String requestHash) {
        return db.sql("select * from jobs where owner = :owner and idempotency_key = :key and request_hash = :hash")
                .bind("owner", owner)
                .bind("key", key)
                .bind("hash", requestHash)
                .map(rows::job)
                .one();
    }

    /** The owner's jobs that have not finished. */
    Mono<Long> countActive(String owner) {
        return db.sql("select count(*) from jobs where owner = :owner and status = any(:active)")
                .bind("owner", owner)
                .bind("active", JobStatus.wireNames(JobStatus.active()))
                .map(row -> row.get(0, Long.class))
                .one();
    }
}
