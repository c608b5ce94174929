package io.jobstream.job;

import java.time.Duration;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Per-owner fairness and quota of the work handed out, shared by the outbox relay (which
 * publishes start commands to this service's workers) and the claims of external workers: of
 * each owner only as many jobs as fit beside the jobs it has in flight (processing, or
 * dispatched and not yet started) under the per-owner limit, oldest first and round-robin
 * over owners, so that one owner's flood waits its turn. Both hand out work under {@link #LOCK},
 * so the limit holds exactly across instances and across the two doors.
 */
public final class FairShare {

    /** Any constant: the one transaction-scoped advisory lock under which work is handed out. */
    public static final long LOCK = 0x636d6473L;

    /**
     * Jobs a claim may start, and jobs running: spelled in the SQL text, from the lifecycle,
     * so that plans read the partial indexes over waiting jobs (V3, V21).
     */
    public static final String WAITING = JobStatus.sqlLiterals(Transition.START.from());

    private static final String RUNNING = JobStatus.sqlLiterals(Set.of(Transition.START.to()));

    private FairShare() {}

    /**
     * The CTEs {@code in_flight} and {@code due}, then {@code chosen}: the ids of up to
     * {@code :limit} due jobs that match {@code condition} (over the alias {@code j}), fairly
     * shared, locked, skipping rows another transaction holds. Each CTE is followed by a comma
     * ({@link JobSql#update(org.springframework.r2dbc.core.DatabaseClient, String, Transition,
     * String, String)}). Bind them with {@link #bind}.
     */
    public static String chosen(String condition) {
        return """
                in_flight as (
                    select owner, count(*) as busy from jobs
                    where status in (%1$s)
                       or (status in (%2$s)
                           and dispatched_at >= now() - :redispatch * interval '1 millisecond')
                    group by owner),
                due as (
                    select j.id, j.run_at, coalesce(f.busy, 0) as busy,
                           row_number() over (partition by j.owner order by j.run_at, j.id) as place
                    from jobs j left join in_flight f on f.owner = j.owner
                    where j.status in (%2$s) and j.run_at <= now() and %3$s),
                chosen as (
                    select id from jobs
                    where id in (select id from due where busy + place <= :per_owner
                                 order by place, run_at limit :limit)
                      and status in (%2$s)
                    order by id
                    for update skip locked),
                """.formatted(RUNNING, WAITING, condition);
    }

    /**
     * Binds {@link #chosen}: at most {@code limit} jobs; a dispatched job counts as in flight
     * for {@code redispatchAfter}; {@code perOwner} in flight at most.
     */
    public static GenericExecuteSpec bind(
            GenericExecuteSpec statement, int limit, Duration redispatchAfter, int perOwner) {
        return statement
                .bind("redispatch", redispatchAfter.toMillis())
                .bind("per_owner", perOwner)
                .bind("limit", limit);
    }
}
