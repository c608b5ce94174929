package io.jobstream.job;

import static io.jobstream.system.PlannerHints.byIdOnly;

import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The statements of the workers: claims, stage records, completions, retries, failures,
 * leases and artifacts. Every write of a running job is conditional on its {@link Attempt}
 * ({@link JobSql#HELD}), so an attempt that lost the job changes nothing.
 */
@Repository
class JobRunRepository {

    /** What hands a job back to the queue, beside the status: undispatched, so the outbox relay sends it again. */
    private static final String REQUEUE =
            "progress_message = :message, claimed_by = null, lease_expires_at = null," + " dispatched_at = null";

    private final DatabaseClient db;
    private final JobRows rows;

    JobRunRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /**
     * Queued or retrying → processing for one worker of this service, under a lease: the jobs
     * it took (not those someone else won). Never a job of an external type, whose workers
     * claim it elsewhere: a stray start command for one changes nothing and costs no attempt.
     */
    Flux<Job> claimAll(List<UUID> ids, String worker, Duration lease) {
        return JobSql.update(
                        db,
                        Transition.START,
                        """
                        claimed_by = :worker, lease_expires_at = now() + :lease * interval '1 millisecond',
                        attempts = attempts + 1, started_at = coalesce(started_at, now()), progress_message = 'Started'""",
                        "id = any(:ids) and " + byIdOnly("status = any(:from) and run_at <= now() and not external"))
                .bind("ids", ids.toArray(UUID[]::new))
                .bind("worker", worker)
                .bind("lease", lease.toMillis())
                .map(rows::job)
                .all();
    }

    /** Finished stages: progress, event and checkpoint of each, in one statement; the ids of the jobs whose attempt still held them. */
    Flux<UUID> recordStages(List<StageRecord> records) {
        GenericExecuteSpec statement = db.sql("""
                        with r as (
                            select * from unnest(:ids::uuid[], :workers::text[], :attempts::int[], :indexes::int[],
                                                 :percents::int[], :stages::text[], :messages::text[], :outputs::text[])
                                as r (id, worker, attempt, stage_index, percent, stage, message, output)),
                        job as (
                            update jobs set progress_percent = r.percent, progress_stage = r.stage,
                                   progress_message = r.message, last_event_seq = last_event_seq + 1,
                                   updated_at = clock_timestamp(),\s""" + JobSql.NEXT_EVENT_TXID + """
                            from r
                            where\s""" + JobSql.HELD_BY_EACH + " and "
                + byIdOnly("jobs.status = any(:from)") + """
                            returning jobs.*, r.stage_index, r.output),
                        checkpoint as (
                            insert into job_checkpoints (job_id, stage_index, stage, output, created_at)
                            select id, stage_index, progress_stage, output::jsonb, now() from job
                            on conflict (job_id, stage_index) do update set output = excluded.output)"""
                + JobSql.EVENTS_OF_JOB + " select id from job");
        return JobSql.progressOfEach(
                        JobSql.heldByEach(
                                statement,
                                records.stream().map(StageRecord::attempt).toList()),
                        records.stream().map(StageRecord::progress).toList())
                .bind("indexes", records.stream().map(StageRecord::stageIndex).toArray(Integer[]::new))
                .bind(
                        "outputs",
                        records.stream()
                                .map(record -> rows.text(record.output()))
                                .toArray(String[]::new))
                .bind("from", Transition.PROGRESS.fromWireNames())
                .bind("kind", Transition.PROGRESS.kind().wireName())
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** A finished stage of an attempt ({@code stageIndex} from 0), its output and the progress it reports. */
    record StageRecord(Attempt attempt, int stageIndex, JsonNode output, Progress progress) {}

    /**
     * Completed attempts, in one statement: the progress event of each one's last stage (when
     * given), then its completed event. The jobs whose attempt still held them.
     */
    Flux<Completed> completeAll(List<Completion> completions, String message) {
        GenericExecuteSpec statement = db.sql("""
                        with r as (
                            select * from unnest(:ids::uuid[], :workers::text[], :attempts::int[], :results::text[],
                                                 :percents::int[], :stages::text[], :messages::text[])
                                as r (id, worker, attempt, result, stage_percent, stage_name, stage_message)),
                        job as (
                            update jobs set status = :to, result = r.result::jsonb, progress_percent = 100,
                                   progress_stage = coalesce(r.stage_name, jobs.progress_stage),
                                   progress_message = :message, error = null, error_code = null, completed_at = now(),
                                   claimed_by = null, lease_expires_at = null,
                                   last_event_seq = last_event_seq + case when r.stage_percent is null then 1 else 2 end,
                                   updated_at = clock_timestamp(),\s""" + JobSql.NEXT_EVENT_TXID + """
                            from r
                            where\s""" + JobSql.HELD_BY_EACH + " and "
                + byIdOnly("jobs.status = any(:from)") + """
                            returning jobs.*, r.stage_percent, r.stage_name, r.stage_message),
                        event as (""" + JobSql.INSERT_EVENT + """
                            select id, last_event_seq - 1, :progress, :stage_status, stage_percent, stage_name,
                                   stage_message, null, updated_at, events_txid, total_documents, processed_count,
                                   failed_count
                            from job where stage_percent is not null
                            union all
                            """ + JobSql.EVENT_ROWS_OF_JOB
                + ") select id, type, started_at, completed_at from job");
        return JobSql.progressOfEach(
                        JobSql.heldByEach(
                                statement,
                                completions.stream().map(Completion::attempt).toList()),
                        completions.stream().map(Completion::lastStage).toList())
                .bind(
                        "results",
                        completions.stream()
                                .map(done -> rows.text(done.result()))
                                .toArray(String[]::new))
                .bind("message", message)
                .bind("to", Transition.COMPLETE.to().wireName())
                .bind("from", Transition.COMPLETE.fromWireNames())
                .bind("kind", Transition.COMPLETE.kind().wireName())
                .bind("progress", Transition.PROGRESS.kind().wireName())
                .bind("stage_status", Transition.PROGRESS.to().wireName())
                .map(row -> new Completed(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("type", String.class)),
                        row.get("started_at", Instant.class),
                        row.get("completed_at", Instant.class)))
                .all();
    }

    /** A job just completed: what its meters need. */
    record Completed(
            UUID id,
            String type,
            @Nullable Instant startedAt,
            @Nullable Instant completedAt) {}

    /**
     * The end of an attempt that succeeded: the job's result, and the progress of its last stage
     * if this attempt ran that stage (null if an earlier attempt recorded it).
     */
    record Completion(
            Attempt attempt,
            @Nullable JsonNode result,
            @Nullable Progress lastStage) {}

    /** The outputs of the job's finished stages, in order. */
    Flux<JsonNode> checkpoints(UUID id) {
        return db.sql("select output from job_checkpoints where job_id = :id order by stage_index")
                .bind("id", id)
                .map(row -> rows.fromJson(row.get("output", Json.class)))
                .all();
    }

    /**
     * Progress reported from inside a stage, with the job's document counts when it has
     * documents (null leaves them as they are): one event. Empty if the attempt no longer
     * holds the job.
     */
    Mono<UUID> progress(Attempt attempt, Progress progress, Job.Documents documents) {
        return JobSql.held(JobSql.transition(db, Transition.PROGRESS, """
                        progress_percent = :percent, progress_stage = :stage, progress_message = :message,
                        total_documents = coalesce(:total, total_documents),
                        processed_count = coalesce(:processed, processed_count),
                        failed_count = coalesce(:failed_count, failed_count)""", "id = :id and " + JobSql.HELD), attempt)
                .bind("percent", progress.percent())
                .bind("stage", Parameter.fromOrEmpty(progress.stage(), String.class))
                .bind("message", Parameter.fromOrEmpty(progress.message(), String.class))
                .bind("total", Parameter.fromOrEmpty(documents.total(), Integer.class))
                .bind("processed", Parameter.fromOrEmpty(documents.processed(), Integer.class))
                .bind("failed_count", Parameter.fromOrEmpty(documents.failed(), Integer.class))
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** Gives up this attempt: retrying after {@code delay}, unclaimed and undispatched, so the relay sends it when due. */
    Mono<Job> retry(Attempt attempt, String errorCode, String error, Duration delay) {
        return JobSql.held(
                        JobSql.transition(
                                db,
                                Transition.RETRY,
                                "retry_count = retry_count + 1, error_code = :code, error = :error,"
                                        + " progress_message = :message, run_at = now() + :delay * interval '1 millisecond',"
                                        + " claimed_by = null, lease_expires_at = null, dispatched_at = null",
                                "id = :id and " + JobSql.HELD),
                        attempt)
                .bind("code", errorCode)
                .bind("error", error)
                .bind("message", Progress.truncate("Retrying in " + delay.toMillis() + " ms after: " + error))
                .bind("delay", delay.toMillis())
                .map(rows::job)
                .one();
    }

    Mono<Job> fail(Attempt attempt, String errorCode, String error) {
        return JobSql.held(JobSql.transition(db, Transition.FAIL, """
                        error_code = :code, error = :error, progress_message = :message,
                        completed_at = now(), claimed_by = null, lease_expires_at = null""", "id = :id and " + JobSql.HELD), attempt)
                .bind("code", errorCode)
                .bind("error", error)
                .bind("message", Progress.truncate(error))
                .map(rows::job)
                .one();
    }

    /** Extends the attempt's lease; false if it no longer holds the job. */
    Mono<Boolean> renewLease(Attempt attempt, Duration lease) {
        return JobSql.held(
                        db.sql("update jobs set lease_expires_at = now() + :lease * interval '1 millisecond'"
                                + " where id = :id and status = any(:running) and " + JobSql.HELD),
                        attempt)
                .bind("lease", lease.toMillis())
                .bind("running", Transition.PROGRESS.fromWireNames())
                .fetch()
                .rowsUpdated()
                .map(updated -> updated > 0);
    }

    /**
     * Extends the leases of the attempts, in one statement: the attempts that still hold
     * their jobs. A running instance renews all its jobs at the same moments, so one
     * statement carries them all.
     */
    Flux<Attempt> renewLeases(List<Attempt> attempts, Duration lease) {
        return JobSql.heldByEach(
                        db.sql("""
                                with r as (
                                    select * from unnest(:ids::uuid[], :workers::text[], :attempts::int[])
                                        as r (id, worker, attempt))
                                update jobs set lease_expires_at = now() + :lease * interval '1 millisecond'
                                from r
                                where\s""" + JobSql.HELD_BY_EACH + " and "
                                + byIdOnly("jobs.status = any(:running)")
                                + " returning jobs.id, jobs.claimed_by, jobs.attempts"),
                        attempts)
                .bind("lease", lease.toMillis())
                .bind("running", Transition.PROGRESS.fromWireNames())
                .map(row -> new Attempt(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("claimed_by", String.class)),
                        Objects.requireNonNull(row.get("attempts", Integer.class))))
                .all();
    }

    /** Processing jobs whose lease has expired (their instance died) go back to the queue. */
    Flux<Job> requeueExpired() {
        return JobSql.transition(db, Transition.REQUEUE, REQUEUE, "lease_expires_at < now()")
                .bind("message", "Requeued: the lease of the instance or worker that ran it expired")
                .map(rows::job)
                .all();
    }

    /** A stopping worker hands its jobs back to the queue. */
    Flux<Job> release(String worker) {
        return JobSql.transition(db, Transition.REQUEUE, REQUEUE, "claimed_by = :worker")
                .bind("worker", worker)
                .bind("message", "Requeued: the instance that ran it stopped")
                .map(rows::job)
                .all();
    }

    /** Hands back the job claimed as {@code worker} but never handed out: queued again, its attempt not counted. */
    Flux<Job> handBack(String worker) {
        return JobSql.transition(db, Transition.REQUEUE, REQUEUE + ", attempts = attempts - 1", "claimed_by = :worker")
                .bind("worker", worker)
                .bind("message", "Requeued: its offer to the workers could not be published")
                .map(rows::job)
                .all();
    }
}
