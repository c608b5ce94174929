package io.jobstream.dispatch;

import java.time.Duration;
import java.util.List;
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
     * Takes up to {@code limit} due jobs to publish and marks them dispatched, skipping rows
     * another instance is taking: queued or retrying, due, and either never dispatched or
     * dispatched longer ago than {@code redispatchAfter}.
     */
    Flux<UUID> takeDue(int limit, Duration redispatchAfter) {
        return db.sql("update jobs set dispatched_at = now() where id in ("
                        + " select id from jobs where status in ('queued', 'retrying') and run_at <= now()"
                        + " and (dispatched_at is null or dispatched_at < now() - :redispatch * interval '1 millisecond')"
                        + " order by run_at limit :limit for update skip locked) returning id")
                .bind("redispatch", redispatchAfter.toMillis())
                .bind("limit", limit)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    Mono<Void> markUndispatched(List<UUID> jobIds) {
        return db.sql("update jobs set dispatched_at = null where id = any(:ids) and status in ('queued', 'retrying')")
                .bind("ids", jobIds.toArray(UUID[]::new))
                .then();
    }

    Mono<Void> markDispatched(List<UUID> jobIds) {
        return db.sql("update jobs set dispatched_at = now() where id = any(:ids)")
                .bind("ids", jobIds.toArray(UUID[]::new))
                .then();
    }
}
