package io.jobstream.dispatch;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The unpublished events of the events topic's outbox. Call inside one transaction. */
@Repository
class EventOutboxRepository {

    /** Any constant: the one lock that lets a single instance relay events at a time. */
    private static final long RELAY_LOCK = 0x6a6f6273L;

    private final DatabaseClient db;

    EventOutboxRepository(DatabaseClient db) {
        this.db = db;
    }

    /** True for the one transaction that may relay now; released at its end. */
    Mono<Boolean> tryLock() {
        return db.sql("select pg_try_advisory_xact_lock(:lock) as locked")
                .bind("lock", RELAY_LOCK)
                .map(row -> row.get("locked", Boolean.class))
                .one();
    }

    Flux<LifecycleEvent> unpublished(int limit) {
        return db.sql("select e.*, j.owner, j.type from job_events e join jobs j on j.id = e.job_id"
                        + " where e.published_at is null order by e.created_at, e.job_id, e.seq limit :limit")
                .bind("limit", limit)
                .map(EventOutboxRepository::toEvent)
                .all();
    }

    Mono<Void> markPublished(List<LifecycleEvent> events) {
        return db.sql("update job_events set published_at = now() from unnest(:ids::uuid[], :seqs::int[]) as p (id, seq)"
                        + " where job_events.job_id = p.id and job_events.seq = p.seq")
                .bind("ids", events.stream().map(LifecycleEvent::jobId).toArray(UUID[]::new))
                .bind("seqs", events.stream().map(event -> (int) event.seq()).toArray(Integer[]::new))
                .then();
    }

    private static LifecycleEvent toEvent(Readable row) {
        return new LifecycleEvent(
                row.get("job_id", UUID.class),
                row.get("seq", Integer.class),
                row.get("kind", String.class),
                row.get("status", String.class),
                row.get("type", String.class),
                row.get("owner", String.class),
                new LifecycleEvent.Progress(row.get("percent", Integer.class), row.get("stage", String.class),
                        row.get("message", String.class)),
                row.get("error_code", String.class),
                row.get("created_at", Instant.class));
    }
}
