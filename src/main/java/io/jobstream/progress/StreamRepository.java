package io.jobstream.progress;

import io.jobstream.job.Caller;
import io.jobstream.job.JobRows;
import io.jobstream.job.JobSql;
import io.jobstream.job.JobStatus;
import io.jobstream.system.SqlConditions;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The stream of many jobs' events, read from the event log: in the order (transaction, job,
 * seq) of {@link StreamPosition}, and only below the read's horizon, the oldest transaction
 * still running, below which nothing new can appear ({@code V5__event_streams.sql}).
 */
@Repository
class StreamRepository {

    private final DatabaseClient db;

    StreamRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Up to {@code limit} events of the jobs the caller may see that match {@code filter},
     * after {@code after} in stream order, and only of transactions below the read's horizon
     * (the oldest transaction still running), so that no event can later appear before one
     * read here. The horizon comes back even when no event does.
     */
    Mono<StreamPage> events(Caller caller, StreamFilter filter, StreamPosition after, int limit) {
        SqlConditions matching = new SqlConditions(JobSql.VISIBLE)
                .anyOf("e.status", "statuses", JobStatus.wireNames(filter.statuses()))
                .equal("j.type", "type", filter.type())
                .equal("j.batch_id", "batch_id", filter.batchId());
        GenericExecuteSpec spec = after(
                        matching.bindTo(JobSql.visible(db.sql("""
                        with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
                        select h.xmin::text as horizon,
                               (select max(e.txid) from job_events e join jobs j on j.id = e.job_id
                                where e.txid >= h.xmin
                                  and (e.txid, e.job_id, e.seq) > (:txid::xid8, :job, :seq)
                                  and %1$s)::text as beyond,
                               x.*
                        from horizon h left join lateral (
                            select e.job_id, e.seq, e.kind, e.status, e.percent, e.stage, e.message, e.error_code,
                                   e.total_documents, e.processed_count, e.failed_count, e.created_at,
                                   e.txid::text as txid
                            from job_events e join jobs j on j.id = e.job_id
                            where (e.txid, e.job_id, e.seq) > (:txid::xid8, :job, :seq)
                              and e.txid < h.xmin
                              and %1$s
                            order by e.txid, e.job_id, e.seq
                            limit :limit) x on true""".formatted(matching.sql())), caller)), after)
                .bind("limit", limit);
        return spec.map(row -> new HorizonRow(
                        Long.parseUnsignedLong(row.get("horizon", String.class)),
                        row.get("beyond", String.class) == null
                                ? 0
                                : Long.parseUnsignedLong(row.get("beyond", String.class)),
                        row.get("job_id", UUID.class) == null
                                ? null
                                : new StreamEvent(
                                        JobRows.event(row),
                                        new StreamPosition(
                                                Long.parseUnsignedLong(row.get("txid", String.class)),
                                                row.get("job_id", UUID.class),
                                                row.get("seq", Integer.class)))))
                .all()
                .collectList()
                .map(rows -> new StreamPage(
                        rows.stream()
                                .map(HorizonRow::event)
                                .filter(Objects::nonNull)
                                .toList(),
                        rows.getFirst().horizon(),
                        rows.getFirst().beyond(),
                        rows.size() == limit && rows.getLast().event() != null));
    }

    /** The newest transaction that wrote an event of the batch's jobs; 0 if none did. */
    Mono<Long> batchLastEventTxid(UUID batchId) {
        return db.sql("select coalesce(max(e.txid), '0')::text as txid from job_events e join jobs j on j.id = e.job_id"
                        + " where j.batch_id = :batch")
                .bind("batch", batchId)
                .map(row -> Long.parseUnsignedLong(row.get("txid", String.class)))
                .one();
    }

    /** Whether the batch's jobs have events after {@code after} in stream order. */
    Mono<Boolean> batchHasEventsAfter(UUID batchId, StreamPosition after) {
        return after(
                        db.sql(
                                        "select exists (select 1 from job_events e join jobs j on j.id = e.job_id"
                                                + " where j.batch_id = :batch and (e.txid, e.job_id, e.seq) > (:txid::xid8, :job, :seq)) as later")
                                .bind("batch", batchId),
                        after)
                .map(row -> row.get("later", Boolean.class))
                .one();
    }

    /** The oldest transaction still running: every event below it is readable. */
    Mono<Long> horizon() {
        return db.sql("select pg_snapshot_xmin(pg_current_snapshot())::text as xmin")
                .map(row -> Long.parseUnsignedLong(row.get("xmin", String.class)))
                .one();
    }

    private record HorizonRow(
            long horizon, long beyond, @Nullable StreamEvent event) {}

    /** Binds {@code :txid}, {@code :job} and {@code :seq}: the place in the stream of many jobs a query reads after. */
    private static GenericExecuteSpec after(GenericExecuteSpec spec, StreamPosition position) {
        return spec.bind("txid", Long.toUnsignedString(position.txid()))
                .bind("job", position.jobId())
                .bind("seq", position.seq());
    }
}
