package io.jobstream.job;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for jobs and their events. Every state change is a single statement: a conditional
 * UPDATE of the job (derived from {@link JobStatus#canMoveTo}) whose returned row feeds the
 * INSERT of its event, so a lost race changes nothing and yields an empty result.
 */
@Repository
class JobRepository {

    private static final String EVENT_FROM_ROW = """
            , event as (
                insert into job_events (job_id, seq, kind, status, percent, stage, message, error_code, created_at)
                select id, last_event_seq, :kind, status, progress_percent, progress_stage, progress_message,
                       error_code, updated_at
                from job)
            select * from job""";

    private final DatabaseClient db;
    private final JsonMapper json;

    JobRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Job> insert(UUID id, String owner, String type, JsonNode payload) {
        return db.sql("""
                        with job as (
                            insert into jobs (id, owner, type, status, payload, progress_message, last_event_seq,
                                              created_at, updated_at, run_at)
                            values (:id, :owner, :type, 'queued', :payload, 'Queued', 1, now(), now(), now())
                            returning *)""" + EVENT_FROM_ROW)
                .bind("id", id)
                .bind("owner", owner)
                .bind("type", type)
                .bind("payload", toJson(payload))
                .bind("kind", EventKind.QUEUED.wireName())
                .map(this::toJob)
                .one();
    }

    Mono<Job> findByOwner(UUID id, String owner) {
        return db.sql("select * from jobs where id = :id and owner = :owner")
                .bind("id", id)
                .bind("owner", owner)
                .map(this::toJob)
                .one();
    }

    Flux<JobEvent> eventsAfter(UUID jobId, long afterSeq) {
        return db.sql("select * from job_events where job_id = :id and seq > :after order by seq")
                .bind("id", jobId)
                .bind("after", afterSeq)
                .map(JobRepository::toEvent)
                .all();
    }

    /** Queued or retrying → processing for one worker, under a lease. Empty if someone else won. */
    Mono<Job> claim(UUID id, String worker, Duration lease) {
        return transition(EventKind.STARTED, JobStatus.PROCESSING, """
                        status = 'processing', claimed_by = :worker, lease_expires_at = now() + :lease * interval '1 millisecond',
                        attempts = attempts + 1, started_at = coalesce(started_at, now()), progress_message = 'Started'""",
                "run_at <= now()")
                .bind("id", id)
                .bind("worker", worker)
                .bind("lease", lease.toMillis())
                .map(this::toJob)
                .one();
    }

    Mono<Job> progress(UUID id, String worker, Progress progress) {
        return update(EventKind.PROGRESS, """
                        progress_percent = :percent, progress_stage = :stage, progress_message = :message""",
                "status = 'processing' and claimed_by = :worker")
                .bind("id", id)
                .bind("worker", worker)
                .bind("percent", progress.percent())
                .bind("stage", Parameter.fromOrEmpty(progress.stage(), String.class))
                .bind("message", Parameter.fromOrEmpty(progress.message(), String.class))
                .map(this::toJob)
                .one();
    }

    Mono<Job> complete(UUID id, String worker, @Nullable JsonNode result, String message) {
        return transition(EventKind.COMPLETED, JobStatus.COMPLETED, """
                        status = 'completed', result = :result, progress_percent = 100, progress_message = :message,
                        completed_at = now(), claimed_by = null, lease_expires_at = null""",
                "claimed_by = :worker")
                .bind("id", id)
                .bind("worker", worker)
                .bind("result", Parameter.fromOrEmpty(result == null ? null : toJson(result), Json.class))
                .bind("message", message)
                .map(this::toJob)
                .one();
    }

    Mono<Job> fail(UUID id, String worker, String errorCode, String error) {
        return transition(EventKind.FAILED, JobStatus.FAILED, """
                        status = 'failed', error_code = :code, error = :error, progress_message = :message,
                        completed_at = now(), claimed_by = null, lease_expires_at = null""",
                "claimed_by = :worker")
                .bind("id", id)
                .bind("worker", worker)
                .bind("code", errorCode)
                .bind("error", error)
                .bind("message", Progress.truncate(error))
                .map(this::toJob)
                .one();
    }

    /** A status change: allowed only from the statuses {@link JobStatus#canMoveTo} names. */
    private GenericExecuteSpec transition(EventKind kind, JobStatus target, String set, String condition) {
        return update(kind, set, "status = any(:from) and " + condition)
                .bind("from", JobStatus.sourcesOf(target));
    }

    private GenericExecuteSpec update(EventKind kind, String set, String condition) {
        return db.sql("with job as (update jobs set " + set
                        + ", last_event_seq = last_event_seq + 1, updated_at = now() where id = :id and "
                        + condition + " returning *)" + EVENT_FROM_ROW)
                .bind("kind", kind.wireName());
    }

    private Json toJson(JsonNode node) {
        return Json.of(json.writeValueAsBytes(node));
    }

    private @Nullable JsonNode fromJson(@Nullable Json value) {
        return value == null ? null : json.readTree(value.asArray());
    }

    private Job toJob(Readable row) {
        return new Job(
                row.get("id", UUID.class),
                row.get("owner", String.class),
                row.get("type", String.class),
                JobStatus.fromWireName(row.get("status", String.class)),
                fromJson(row.get("payload", Json.class)),
                fromJson(row.get("result", Json.class)),
                row.get("error", String.class),
                row.get("error_code", String.class),
                new Progress(
                        row.get("progress_percent", Integer.class),
                        row.get("progress_stage", String.class),
                        row.get("progress_message", String.class)),
                row.get("retry_count", Integer.class),
                row.get("attempts", Integer.class),
                row.get("last_event_seq", Integer.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("started_at", Instant.class),
                row.get("completed_at", Instant.class));
    }

    private static JobEvent toEvent(Readable row) {
        return new JobEvent(
                row.get("job_id", UUID.class),
                row.get("seq", Integer.class),
                EventKind.fromWireName(row.get("kind", String.class)),
                JobStatus.fromWireName(row.get("status", String.class)),
                new Progress(
                        row.get("percent", Integer.class),
                        row.get("stage", String.class),
                        row.get("message", String.class)),
                row.get("error_code", String.class),
                row.get("created_at", Instant.class));
    }
}
