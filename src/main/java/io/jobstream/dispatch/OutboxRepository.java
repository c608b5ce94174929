package io.jobstream.dispatch;

import static io.jobstream.system.PlannerHints.byIdOnly;

import io.jobstream.job.FairShare;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The outbox columns of the jobs table: which jobs have had their start command published. */
@Repository
class OutboxRepository {

    private final DatabaseClient db;

    OutboxRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Takes up to {@code limit} due jobs to publish and marks them dispatched: queued or
     * retrying, due, and either never dispatched or dispatched longer ago than
     * {@code redispatchAfter}; and of each owner only as many as fit beside the jobs it has in
     * flight (processing, or dispatched and not yet started) under {@code maxInFlightPerOwner},
     * oldest first and round-robin over owners, so that one owner's flood waits its turn. Rows a worker is changing are
     * skipped, not waited for (no deadlock with claims). Never jobs of external types: their
     * workers claim them (they count, once running, towards their owner's limit here). Call
     * under {@link #tryLock()}.
     */
    Flux<Due> takeDue(int limit, Duration redispatchAfter, int maxInFlightPerOwner) {
        return FairShare.bind(
                        db.sql("with " + FairShare.chosen("not j.external")
                                + " marked as (update jobs set dispatched_at = now() where id in (select id from chosen)"
                                + " returning id, traceparent,"
                                + " greatest(0, extract(epoch from clock_timestamp() - run_at))::float8 as late)"
                                + " select id, traceparent, late from marked"),
                        limit,
                        redispatchAfter,
                        maxInFlightPerOwner)
                .map(row -> new Due(
                        new JobStart(
                                Objects.requireNonNull(row.get("id", UUID.class)),
                                row.get("traceparent", String.class)),
                        Duration.ofMillis(Math.round(Objects.requireNonNull(row.get("late", Double.class)) * 1000))))
                .all();
    }

    /**
     * A job taken to publish (its start command), and how long it had been due when it was taken (by the
     * database's clock, as its {@code run_at} is).
     */
    record Due(JobStart start, Duration late) {}

    /** True for the one transaction that may relay now (or hand out work to external workers); released at its end. */
    Mono<Boolean> tryLock() {
        return db.sql("select pg_try_advisory_xact_lock(:lock) as locked")
                .bind("lock", FairShare.LOCK)
                .map(row -> row.get("locked", Boolean.class))
                .one();
    }

    /** Takes back the marks of jobs whose publish failed, unless a worker has claimed them since. */
    Mono<Void> unmarkDispatched(List<UUID> jobIds) {
        return db.sql("update jobs set dispatched_at = null where id = any(:ids) and "
                        + byIdOnly("status in (" + FairShare.WAITING + ")"))
                .bind("ids", jobIds.toArray(UUID[]::new))
                .then();
    }
}
