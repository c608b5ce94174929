package io.jobstream.job;

import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The queue as a whole, for its gauges. */
@Repository
class QueueRepository {

    /**
     * The waiting statuses written out, not bound: the planner then sees that the partial
     * index {@code jobs_due} (V1) holds exactly these rows, and counts over it.
     */
    private static final String WAITING =
            "status in ('" + JobStatus.QUEUED.wireName() + "', '" + JobStatus.RETRYING.wireName() + "')";

    private final DatabaseClient db;

    QueueRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Jobs waiting (queued or retrying, due or not), and how long the one due longest has waited. */
    Mono<QueueState> state() {
        return db.sql("select count(*) as depth,"
                        + " coalesce(extract(epoch from now() - min(run_at) filter (where run_at <= now())), 0)::float8"
                        + " as oldest_seconds from jobs where " + WAITING)
                .map(row -> new QueueState(
                        Objects.requireNonNull(row.get("depth", Long.class)),
                        Objects.requireNonNull(row.get("oldest_seconds", Double.class))))
                .one();
    }

    /** {@code oldestSeconds}: 0 when no job is due. */
    record QueueState(long depth, double oldestSeconds) {}
}
