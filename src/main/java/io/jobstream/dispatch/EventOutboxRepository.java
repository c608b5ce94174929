package io.jobstream.dispatch;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events topic's outbox: the event log and one cursor, {@code published_through}, the
 * last transaction whose events have all gone to the topic. Call inside one transaction.
 *
 * <p>The relay reads whole transactions, oldest first, and only transactions older than
 * every one still running, so nothing can commit behind the cursor. Transaction order is
 * each job's event order for events written since V8 (an event's txid is never older than
 * its job's previous event's). Events written otherwise (by an instance older than V8
 * during a rolling upgrade, or by hand) can have a job's next event in an older
 * transaction than the one before it. So a window also takes such earlier events of its
 * jobs from younger transactions (they have committed: the later event was written after
 * them), and a later window leaves out what an earlier one took that way. Each job's events
 * therefore reach the topic in {@code seq} order.
 */
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

    /**
     * The next transactions to publish: after the cursor, before every running transaction,
     * at least {@code limit} events if there are as many (a transaction is never split).
     * Empty when there is nothing to publish.
     */
    Mono<Window> nextWindow(int limit) {
        // the cursor and the horizon are plain values here, so both bound the index scans
        return db.sql("""
                        select w.after::text as after, coalesce(
                                   (select txid from job_events where txid > w.after and txid < w.horizon
                                    order by txid offset :limit - 1 limit 1),
                                   (select txid from job_events where txid > w.after and txid < w.horizon
                                    order by txid desc limit 1))::text as through
                        from (select published_through as after, pg_snapshot_xmin(pg_current_snapshot()) as horizon
                              from event_relay) w""")
                .bind("limit", limit)
                .map(row -> new Window(row.get("after", String.class), row.get("through", String.class)))
                .one()
                .filter(window -> window.through() != null);
    }

    /**
     * The window's events with the earlier events of its jobs that younger transactions
     * wrote, less those an earlier window took; in each job's order.
     */
    Flux<LifecycleEvent> events(Window window) {
        // each job's row is looked up by its key (offset 0 keeps the planner from hashing the
        // whole jobs table: it cannot know how few rows the window has)
        return db.sql("""
                        with w as (select job_id, seq, kind, status, percent, stage, message, error_code, created_at
                                   from job_events where txid > :after::xid8 and txid <= :through::xid8),
                        j as (select job_id, max(seq) as last,
                                     coalesce((select p.seq from job_events p
                                               where p.job_id = w.job_id and p.txid <= :after::xid8
                                               order by p.seq desc limit 1), 0) as published
                              from w group by job_id),
                        chosen as (
                            select w.* from w join j using (job_id) where w.seq > j.published
                            union all
                            select e.job_id, e.seq, e.kind, e.status, e.percent, e.stage, e.message, e.error_code,
                                   e.created_at
                            from j join job_events e on e.job_id = j.job_id and e.seq > j.published and e.seq < j.last
                            where e.txid > :through::xid8)
                        select c.*, o.owner, o.type
                        from chosen c cross join lateral (select owner, type from jobs where id = c.job_id offset 0) o
                        order by c.job_id, c.seq""")
                .bind("after", window.after())
                .bind("through", window.through())
                .map(EventOutboxRepository::toEvent)
                .all();
    }

    /** Moves the cursor past the window: its events are on the topic. */
    Mono<Void> published(Window window) {
        return db.sql("update event_relay set published_through = :through::xid8")
                .bind("through", window.through())
                .then();
    }

    /** Transactions {@code after} (exclusive) to {@code through} (inclusive); ids as text, as PostgreSQL prints xid8. */
    record Window(String after, @Nullable String through) {}

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
