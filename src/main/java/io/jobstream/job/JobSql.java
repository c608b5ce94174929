package io.jobstream.job;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The statement fragments the job store's repositories share. Every change of a job is one
 * statement: an UPDATE (or INSERT) whose returned rows, the CTE {@code job}, feed the INSERT
 * of their events, so a lost race changes nothing and yields an empty result. Statuses are
 * never spelled here: they are bound from the {@link Transition} a statement makes.
 */
public final class JobSql {

    /** The event of kind {@code :kind} for each row of the CTE {@code job} (the rows a statement just changed). */
    static final String EVENT_ROWS_OF_JOB = """
            select id, last_event_seq, :kind, status, progress_percent, progress_stage, progress_message,
                   error_code, updated_at, events_txid, total_documents, processed_count, failed_count
            from job""";

    static final String INSERT_EVENT = """
            insert into job_events (job_id, seq, kind, status, percent, stage, message, error_code, created_at, txid,
                                    total_documents, processed_count, failed_count)
            """;
    /**
     * The stream transaction of a job's next event (V8): its writer's, or its previous
     * event's if that is younger, so that transaction order is each job's order too.
     */
    static final String NEXT_EVENT_TXID = "events_txid = greatest(events_txid, pg_current_xact_id())";
    /** Appends the event of each row of the CTE {@code job}. */
    static final String EVENTS_OF_JOB = ", event as (" + INSERT_EVENT + EVENT_ROWS_OF_JOB + ")";

    static final String EVENT_FROM_ROW = EVENTS_OF_JOB + " select * from job";
    /** Reads for a caller: their own jobs, or every job for an admin ({@link #visible}). */
    public static final String VISIBLE = "(:admin or owner = :owner)";
    /** Held by this attempt: the instance that claimed it, and no later claim since (the same instance may claim again). */
    static final String HELD = "claimed_by = :worker and attempts = :attempt";
    /**
     * {@link #HELD} for an {@code update jobs ... from r} over many attempts, {@code r} the
     * unnest of {@code :ids}, {@code :workers} and {@code :attempts} ({@link #heldByEach}).
     */
    static final String HELD_BY_EACH =
            "jobs.id = any(:ids) and jobs.id = r.id and jobs.claimed_by = r.worker and jobs.attempts = r.attempt";

    private JobSql() {}

    /** Binds {@code :admin} and {@code :owner} of {@link #VISIBLE}. */
    public static GenericExecuteSpec visible(GenericExecuteSpec spec, Caller caller) {
        return spec.bind("admin", caller.admin()).bind("owner", caller.subject());
    }

    /** Binds {@code :id}, {@code :worker} and {@code :attempt} of a statement conditional on {@link #HELD}. */
    static GenericExecuteSpec held(GenericExecuteSpec spec, Attempt attempt) {
        return spec.bind("id", attempt.jobId()).bind("worker", attempt.worker()).bind("attempt", attempt.number());
    }

    /**
     * {@link #held} for a statement over many attempts ({@link #HELD_BY_EACH}): binds
     * {@code :ids}, {@code :workers} and {@code :attempts}.
     */
    static GenericExecuteSpec heldByEach(GenericExecuteSpec spec, List<Attempt> attempts) {
        return spec.bind("ids", attempts.stream().map(Attempt::jobId).toArray(UUID[]::new))
                .bind("workers", attempts.stream().map(Attempt::worker).toArray(String[]::new))
                .bind("attempts", attempts.stream().map(Attempt::number).toArray(Integer[]::new));
    }

    /** Binds {@code :percents}, {@code :stages} and {@code :messages} of each progress; nulls where there is none. */
    static GenericExecuteSpec progressOfEach(GenericExecuteSpec spec, List<@Nullable Progress> progress) {
        return spec.bind(
                        "percents",
                        progress.stream()
                                .map(each -> each == null ? null : each.percent())
                                .toArray(Integer[]::new))
                .bind(
                        "stages",
                        progress.stream()
                                .map(each -> each == null ? null : each.stage())
                                .toArray(String[]::new))
                .bind(
                        "messages",
                        progress.stream()
                                .map(each -> each == null ? null : each.message())
                                .toArray(String[]::new));
    }

    /** {@code transition} of the jobs that match {@code condition}, from the statuses it allows. */
    static GenericExecuteSpec transition(DatabaseClient db, Transition transition, String set, String condition) {
        return update(db, transition, set, "status = any(:from) and " + condition);
    }

    /**
     * {@code transition} of the jobs that match {@code condition}, which must itself hold
     * {@code status = any(:from)}. {@code clock_timestamp()}, not {@code now()}: it is read
     * after the row lock is taken, so one job's events are timestamped in {@code seq} order,
     * which the events relay relies on.
     */
    static GenericExecuteSpec update(DatabaseClient db, Transition transition, String set, String condition) {
        return update(db, "", transition, set, condition);
    }

    /**
     * {@link #update} after common table expressions of the caller's ({@code ctes}, each
     * followed by a comma: {@code "a as (...), b as (...), "}) that {@code condition} and
     * {@code set} may read.
     */
    static GenericExecuteSpec update(
            DatabaseClient db, String ctes, Transition transition, String set, String condition) {
        return db.sql("with " + ctes + "job as (update jobs set status = :to, " + set
                        + ", last_event_seq = last_event_seq + 1, " + NEXT_EVENT_TXID
                        + ", updated_at = clock_timestamp() where " + condition
                        + " returning *)" + EVENT_FROM_ROW)
                .bind("kind", transition.kind().wireName())
                .bind("to", transition.to().wireName())
                .bind("from", transition.fromWireNames());
    }
}
