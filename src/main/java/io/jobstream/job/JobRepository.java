package io.jobstream.job;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One job as its owner (or an admin) reads and changes it: the job, its event log, its
 * artifacts, cancel and delete. Reads for a caller carry {@link JobSql#VISIBLE}.
 */
@Repository
class JobRepository {

    /** What a cancel sets, beside the status. */
    static final String CANCEL = """
            progress_message = 'Cancelled', completed_at = now(), claimed_by = null, lease_expires_at = null""";

    private final DatabaseClient db;
    private final JobRows rows;

    JobRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    Mono<Job> find(UUID id, Caller caller) {
        return JobSql.visible(db.sql("select * from jobs where id = :id and " + JobSql.VISIBLE), caller)
                .bind("id", id)
                .map(rows::job)
                .one();
    }

    /** The job's idempotency key; empty if it was submitted without one. */
    Mono<String> findIdempotencyKey(UUID id) {
        return db.sql("select idempotency_key from jobs where id = :id and idempotency_key is not null")
                .bind("id", id)
                .map(row -> row.get("idempotency_key", String.class))
                .one();
    }

    Flux<JobEvent> eventsAfter(UUID jobId, long afterSeq, int limit) {
        return db.sql("select * from job_events where job_id = :id and seq > :after order by seq limit :limit")
                .bind("id", jobId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(JobRows::event)
                .all();
    }

    /** The last {@code count} events, oldest first. */
    Flux<JobEvent> latestEvents(UUID jobId, int count) {
        return db.sql("select * from (select * from job_events where job_id = :id order by seq desc limit :count) e"
                        + " order by seq")
                .bind("id", jobId)
                .bind("count", count)
                .map(JobRows::event)
                .all();
    }

    /** Cancels an active job the caller may see; empty if there is none or it has finished. */
    Mono<Job> cancel(UUID id, Caller caller) {
        return JobSql.visible(
                        JobSql.transition(db, Transition.CANCEL, CANCEL, "id = :id and " + JobSql.VISIBLE), caller)
                .bind("id", id)
                .map(rows::job)
                .one();
    }

    /** Deletes a finished job with its events and artifacts; empty if there is none or it is active. */
    Mono<UUID> deleteFinished(UUID id, Caller caller) {
        return JobSql.visible(
                        db.sql("delete from jobs where id = :id and not (status = any(:active)) and " + JobSql.VISIBLE
                                + " returning id"),
                        caller)
                .bind("id", id)
                .bind("active", JobStatus.wireNames(JobStatus.active()))
                .map(row -> row.get("id", UUID.class))
                .one();
    }
}
