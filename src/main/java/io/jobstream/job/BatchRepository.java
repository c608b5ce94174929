package io.jobstream.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Batches: stored with all their jobs at once, read, counted and cancelled as a whole. */
@Repository
class BatchRepository {

    private final DatabaseClient db;
    private final JobRows rows;

    BatchRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /**
     * Stores a batch and all its jobs, each with its first event, in one statement; jobs in the
     * given order, marked dispatched: the caller publishes their start commands next.
     */
    Mono<List<Job>> insertBatch(UUID batchId, String owner, @Nullable String name, List<NewJob> jobs) {
        return rows.newJobs(db.sql("""
                        with batch as (
                            insert into batches (id, owner, name, job_count, created_at)
                            values (:batch, :owner, :name, :job_count, now())
                            returning id),
                        job as (
                            insert into jobs (id, owner, type, status, payload, result_type, batch_id, batch_position,
                                              progress_message, last_event_seq, created_at, updated_at, run_at, webhook,
                                              dispatched_at, events_txid)
                            select j.id, :owner, j.type, :new_status, j.payload::jsonb, j.result_type,
                                   (select id from batch), j.position, 'Queued', 1, now(), now(), now(), j.webhook::jsonb,
                                   now(), pg_current_xact_id()
                            from unnest(:ids::uuid[], :types::text[], :payloads::text[], :result_types::text[],
                                        :webhooks::text[])
                                 with ordinality as j (id, type, payload, result_type, webhook, position)
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

    /** Cancels every active job of a batch; the jobs it cancelled. */
    Flux<Job> cancel(UUID batchId, Caller caller) {
        return JobSql.visible(
                        JobSql.transition(
                                db, Transition.CANCEL, JobRepository.CANCEL, "batch_id = :batch and " + JobSql.VISIBLE),
                        caller)
                .bind("batch", batchId)
                .map(rows::job)
                .all();
    }

    /** A batch as stored. */
    record BatchRow(UUID id, String owner, @Nullable String name, int jobCount, Instant createdAt) {}
}
