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
 * each job's event order: an event's transaction, as stored, is never older than its job's
 * previous event's (V8, {@code jobs.events_txid}), so a window in order of job and
 * {@code seq} puts each job's events on the topic in order.
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

    /** The window's events, each job's in order. */
    Flux<LifecycleEvent> events(Window window) {
        // each job's row is looked up by its key (offset 0 keeps the planner from hashing the
        // whole jobs table: it cannot know how few rows the window has)
        return db.sql("""
                        select e.job_id, e.seq, e.kind, e.status, e.percent, e.stage, e.message, e.error_code,
                               e.total_documents, e.processed_count, e.failed_count, e.created_at, o.owner, o.type
                        from job_events e
                             cross join lateral (select owner, type from jobs where id = e.job_id offset 0) o
                        where e.txid > :after::xid8 and e.txid <= :through::xid8
                        order by e.job_id, e.seq""")
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
                new LifecycleEvent.Progress(
                        row.get("percent", Integer.class),
                        row.get("stage", String.class),
                        row.get("message", String.class)),
                row.get("error_code", String.class),
                row.get("total_documents", Integer.class),
                row.get("processed_count", Integer.class),
                row.get("failed_count", Integer.class),
                row.get("created_at", Instant.class));
    }
}
