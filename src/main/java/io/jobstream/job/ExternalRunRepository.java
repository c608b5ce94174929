package io.jobstream.job;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The statements of external workers that the other workers' statements do not cover: the
 * claim (fair, under the hand-out lock), the lookup of a job by id for a worker, its
 * completed stages, and the sweep for attempts past their time limits. Their writes to a
 * running job are {@link JobRunRepository}'s, conditional on the {@link Attempt}.
 */
@Repository
class ExternalRunRepository {

    private final DatabaseClient db;
    private final JobRows rows;

    ExternalRunRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /** Waits for the lock under which work is handed out ({@link FairShare#LOCK}); released when the transaction ends. */
    Mono<Void> lock() {
        return db.sql("select pg_advisory_xact_lock(:lock)")
                .bind("lock", FairShare.LOCK)
                .then();
    }

    /**
     * Queued or retrying → processing for external workers, fairly shared over owners: up to
     * {@code tokenHashes.size()} due jobs of {@code types}, each given one of the hashes (its
     * claim) and the lease of its type ({@code leases}, by type). Call under {@link #lock}.
     */
    Flux<ExternalRun> claim(
            Map<String, Duration> leases, List<String> tokenHashes, Duration redispatchAfter, int perOwner) {
        String ctes = FairShare.chosen("j.external and j.type = any(:types)") + """
                numbered as (select id, row_number() over (order by id) as n from chosen),
                assigned as (
                    select numbered.id, t.hash from numbered
                    join unnest(:hashes::text[]) with ordinality as t (hash, n) on t.n = numbered.n),
                leases as (select * from unnest(:types::text[], :lease_ms::bigint[]) as l (type, ms)),
                """;
        String hash = "(select hash from assigned where assigned.id = jobs.id)";
        var types = leases.keySet().toArray(String[]::new);
        var statement = JobSql.update(
                        db,
                        ctes,
                        Transition.START,
                        "claimed_by = 'worker:' || " + hash + ", claim_token_hash = " + hash
                                + ", lease_expires_at = now() + (select ms from leases where leases.type = jobs.type)"
                                + " * interval '1 millisecond', attempts = attempts + 1,"
                                + " started_at = coalesce(started_at, now()), claimed_at = now(),"
                                + " progress_message = 'Started'",
                        "id in (select id from chosen) and status = any(:from)")
                .bind("types", types)
                .bind(
                        "lease_ms",
                        Arrays.stream(types)
                                .map(type -> leases.get(type).toMillis())
                                .toArray(Long[]::new))
                .bind("hashes", tokenHashes.toArray(String[]::new));
        return FairShare.bind(statement, tokenHashes.size(), redispatchAfter, perOwner)
                .map(this::run)
                .all();
    }

    /** The job, whatever its owner: a worker's permission is by type, which the caller checks. */
    Mono<ExternalRun> find(UUID id) {
        return db.sql("select * from jobs where id = :id and external")
                .bind("id", id)
                .map(this::run)
                .one();
    }

    /** The stages the job's attempts finished, in order, with their outputs. */
    Flux<CompletedStage> completedStages(UUID id) {
        return db.sql("select stage, output from job_checkpoints where job_id = :id order by stage_index")
                .bind("id", id)
                .map(row -> new CompletedStage(
                        String.valueOf(row.get("stage", String.class)), rows.fromJson(row.get("output", Json.class))))
                .all();
    }

    /**
     * The database's now, and whether a waiting job of an external type has a {@code run_at}
     * after {@code since} and not after now: a range of the due index (V3), a few rows at most.
     */
    Mono<ExternalRuns.DueCheck> becameDue(@Nullable Instant since) {
        return db.sql("select now() as now, exists (select 1 from jobs where status in (" + FairShare.WAITING
                        + ") and run_at > :since and run_at <= now() and external) as due")
                .bind("since", since == null ? Instant.now() : since)
                .map(row -> new ExternalRuns.DueCheck(
                        Objects.requireNonNull(row.get("now", Instant.class)),
                        since != null && Boolean.TRUE.equals(row.get("due", Boolean.class))))
                .one();
    }

    /**
     * Running jobs of {@code limits}' types past a limit: the attempt longer than the job's
     * time limit, or its current stage (since the claim or the attempt's last completed stage)
     * longer than the stage limit; with the limit they broke.
     */
    Flux<ExternalRuns.Overdue> overdue(Map<String, ExternalRuns.TimeLimits> limits) {
        var types = limits.keySet().toArray(String[]::new);
        return db.sql("""
                        with limits as (
                            select * from unnest(:types::text[], :job_ms::bigint[], :stage_ms::bigint[])
                                as l (type, job_ms, stage_ms)),
                        running as (
                            select j.*, l.job_ms, l.stage_ms,
                                   greatest(j.claimed_at, (select max(c.created_at) from job_checkpoints c
                                                           where c.job_id = j.id)) as stage_started_at
                            from jobs j join limits l on l.type = j.type
                            where j.status = :running and j.external and j.claimed_at is not null)
                        select *, claimed_at < now() - job_ms * interval '1 millisecond' as job_over
                        from running
                        where claimed_at < now() - job_ms * interval '1 millisecond'
                           or stage_started_at < now() - stage_ms * interval '1 millisecond'""")
                .bind("types", types)
                .bind(
                        "job_ms",
                        Arrays.stream(types)
                                .map(type -> limits.get(type).job().toMillis())
                                .toArray(Long[]::new))
                .bind(
                        "stage_ms",
                        Arrays.stream(types)
                                .map(type -> limits.get(type).stage().toMillis())
                                .toArray(Long[]::new))
                .bind("running", Transition.PROGRESS.to().wireName())
                .map(row -> new ExternalRuns.Overdue(run(row), Boolean.TRUE.equals(row.get("job_over", Boolean.class))))
                .all();
    }

    /**
     * Takes the telling of the cancel of {@code id} (cancelled, of an external type, claimed
     * by a worker) for the caller: true for the one caller that took it.
     */
    Mono<Boolean> takeCancelNotice(UUID id) {
        return db.sql("""
                        update jobs set worker_cancel_sent_at = now()
                        where id = :id and external and status = :status
                          and claim_token_hash is not null and worker_cancel_sent_at is null
                        returning id""")
                .bind("id", id)
                .bind("status", JobStatus.CANCELLED.wireName())
                .map(row -> Boolean.TRUE)
                .one()
                .defaultIfEmpty(Boolean.FALSE);
    }

    /** Gives the telling of the cancel of {@code id} back, after it could not be sent. */
    Mono<Void> returnCancelNotice(UUID id) {
        return db.sql("update jobs set worker_cancel_sent_at = null where id = :id")
                .bind("id", id)
                .then();
    }

    private ExternalRun run(Readable row) {
        return new ExternalRun(
                rows.job(row), row.get("claim_token_hash", String.class), row.get("lease_expires_at", Instant.class));
    }
}
