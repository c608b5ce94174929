package io.jobstream.job;

import io.jobstream.system.SqlConditions;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Lists of a caller's jobs: filtered, sorted, paged by offset or by keyset cursor, with the total. */
@Repository
class JobListRepository {

    private final DatabaseClient db;
    private final JobRows rows;

    JobListRepository(DatabaseClient db, JobRows rows) {
        this.db = db;
        this.rows = rows;
    }

    Mono<JobPage> list(JobQuery query, Caller caller) {
        SqlConditions filter = filter(query);
        Mono<Long> total = filter.bindTo(
                        JobSql.visible(db.sql("select count(*) from jobs where " + filter.sql()), caller))
                .map(row -> row.get(0, Long.class))
                .one();
        return total.zipWith(page(query, caller, filter).collectList(), (count, rows) -> toPage(query, count, rows));
    }

    /** How many jobs the query's filters match, per status (statuses without jobs left out); sort and page are ignored. */
    Mono<Map<JobStatus, Long>> countByStatus(JobQuery query, Caller caller) {
        SqlConditions filter = filter(query);
        return filter.bindTo(JobSql.visible(
                        db.sql("select status, count(*) as jobs from jobs where " + filter.sql() + " group by status"),
                        caller))
                .map(row -> Map.entry(
                        JobStatus.fromWireName(String.valueOf(row.get("status", String.class))),
                        row.get("jobs", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /**
     * Every job the query's filters match, oldest first, read from a cursor
     * {@link #STREAM_FETCH} rows at a time as the subscriber asks: an export of any size holds
     * one batch in memory. Sort and page of the query are ignored.
     */
    Flux<Job> stream(JobQuery query, Caller caller) {
        SqlConditions filter = filter(query);
        return filter.bindTo(JobSql.visible(
                        db.sql("select * from jobs where " + filter.sql() + " order by created_at, id"), caller))
                .filter(statement -> statement.fetchSize(STREAM_FETCH))
                .map(rows::job)
                .all();
    }

    /** Rows a streamed read fetches at a time: few round trips, little memory. */
    static final int STREAM_FETCH = 500;

    /** The filters that are set, and the caller's visibility. */
    private static SqlConditions filter(JobQuery query) {
        return new SqlConditions(JobSql.VISIBLE)
                .anyOf("status", "statuses", JobStatus.wireNames(query.statuses()))
                .equal("type", "type", query.type())
                .equal("batch_id", "batch_id", query.batchId())
                .equal("result_type", "result_type", query.resultType())
                .where("created_at >= :created_from", "created_from", query.createdFrom())
                .where("created_at < :created_to", "created_to", query.createdTo())
                .equal("owner", "owner_filter", query.owner())
                .equal("original_job_id", "original_job_id", query.originalJobId());
    }

    private Flux<PageRow> page(JobQuery query, Caller caller, SqlConditions filter) {
        JobSort sort = query.sort();
        String direction = query.ascending() ? "asc" : "desc";
        String where = filter.sql();
        if (query.after() != null) {
            where += " and (" + sort.expression + ", id) " + (query.ascending() ? ">" : "<") + " (" + sort.keyValue()
                    + ", :after_id)";
        }
        var spec = db.sql("select *, " + sort.keySelect() + " as sort_key from jobs where " + where
                + " order by " + sort.expression + " " + direction + ", id " + direction
                + " limit :limit offset :offset");
        spec = filter.bindTo(JobSql.visible(spec, caller))
                .bind("limit", query.limit() + 1)
                .bind("offset", query.after() == null ? query.offset() : 0);
        if (query.after() != null) {
            spec = spec.bind("after_key", query.after().key())
                    .bind("after_id", query.after().id());
        }
        return spec.map(row -> new PageRow(rows.job(row), row.get("sort_key", String.class)))
                .all();
    }

    private static JobPage toPage(JobQuery query, long total, List<PageRow> rows) {
        boolean hasMore = rows.size() > query.limit();
        List<PageRow> page = hasMore ? rows.subList(0, query.limit()) : rows;
        JobCursor next = null;
        if (hasMore) {
            PageRow last = page.getLast();
            next = new JobCursor(
                    query.sort(), query.ascending(), last.sortKey(), last.job().id());
        }
        return new JobPage(page.stream().map(PageRow::job).toList(), total, hasMore, next);
    }

    private record PageRow(Job job, String sortKey) {}
}
