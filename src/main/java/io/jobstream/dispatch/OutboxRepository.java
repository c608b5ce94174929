package io.jobstream.dispatch;

import static io.jobstream.system.PlannerHints.byIdOnly;

import io.jobstream.job.JobStatus;
import io.jobstream.job.Transition;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The outbox columns of the jobs table: which jobs have had their start command published. */
@Repository
class OutboxRepository {

    /**
     * Jobs a claim may start, and jobs running: spelled in the SQL text, from the lifecycle,
     * so that plans read the partial indexes over waiting jobs (V3).
     */
    private static final String WAITING = JobStatus.sqlLiterals(Transition.START.from());

    private static final String RUNNING = JobStatus.sqlLiterals(Set.of(Transition.START.to()));

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
    Flux<UUID> takeDue(int limit, Duration redispatchAfter, int maxInFlightPerOwner) {
        return db.sql("""
                        with in_flight as (
                            select owner, count(*) as busy from jobs
                            where status in (%1$s)
                               or (status in (%2$s)
                                   and dispatched_at >= now() - :redispatch * interval '1 millisecond')
                            group by owner),
                        due as (
                            select j.id, j.run_at, coalesce(f.busy, 0) as busy,
                                   row_number() over (partition by j.owner order by j.run_at, j.id) as place
                            from jobs j left join in_flight f on f.owner = j.owner
                            where j.status in (%2$s) and j.run_at <= now() and not j.external
                              and (j.dispatched_at is null
                                   or j.dispatched_at < now() - :redispatch * interval '1 millisecond')),
                        chosen as (
                            select id from jobs
                            where id in (select id from due where busy + place <= :per_owner
                                         order by place, run_at limit :limit)
                              and status in (%2$s)
                            order by id
                            for update skip locked)
                        update jobs set dispatched_at = now() where id in (select id from chosen)
                        returning id""".formatted(RUNNING, WAITING))
                .bind("redispatch", redispatchAfter.toMillis())
                .bind("per_owner", maxInFlightPerOwner)
                .bind("limit", limit)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** Any constant: the one lock that lets a single instance relay start commands at a time. */
    private static final long RELAY_LOCK = 0x636d6473L;

    /** True for the one transaction that may relay now; released at its end. */
    Mono<Boolean> tryLock() {
        return db.sql("select pg_try_advisory_xact_lock(:lock) as locked")
                .bind("lock", RELAY_LOCK)
                .map(row -> row.get("locked", Boolean.class))
                .one();
    }

    /** Takes back the marks of jobs whose publish failed, unless a worker has claimed them since. */
    Mono<Void> unmarkDispatched(List<UUID> jobIds) {
        return db.sql("update jobs set dispatched_at = null where id = any(:ids) and "
                        + byIdOnly("status in (" + WAITING + ")"))
                .bind("ids", jobIds.toArray(UUID[]::new))
                .then();
    }
}
