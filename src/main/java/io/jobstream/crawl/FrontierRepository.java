package io.jobstream.crawl;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code crawl_frontier} table. Statuses are bound from {@link FrontierStatus}. Writes are
 * idempotent where a resumed crawl may repeat them (queueing a URL twice keeps the first).
 * {@link #recordVisit} hands out document indexes in the order visits are recorded, so one
 * crawl's visits must be recorded one at a time (the crawling stage does).
 */
@Repository
class FrontierRepository {

    private final DatabaseClient db;

    FrontierRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Queues those of {@code urls} (normalized) not in the frontier yet, in order, at {@code depth}. */
    Mono<Void> enqueue(UUID jobId, List<String> urls, int depth) {
        if (urls.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        insert into crawl_frontier (job_id, url, depth, status)
                        select :job, u.url, :depth, :new_status
                        from unnest(:urls::text[]) with ordinality as u (url, i)
                        order by u.i
                        on conflict (job_id, url) do nothing""")
                .bind("job", jobId)
                .bind("urls", urls.toArray(String[]::new))
                .bind("depth", depth)
                .bind("new_status", FrontierStatus.QUEUED.wireName())
                .then();
    }

    /** The first {@code limit} URLs still queued, in the order found. */
    Flux<FrontierEntry> queued(UUID jobId, int limit) {
        return db.sql("""
                        select seq, url, depth from crawl_frontier
                        where job_id = :job and status = :status order by seq limit :limit""")
                .bind("job", jobId)
                .bind("status", FrontierStatus.QUEUED.wireName())
                .bind("limit", limit)
                .map(row -> new FrontierEntry(
                        row.get("seq", Long.class), row.get("url", String.class), row.get("depth", Integer.class)))
                .all();
    }

    /** How many visits are recorded: the next document's index. */
    Mono<Integer> visited(UUID jobId) {
        return db.sql(
                        "select count(*)::int as visited from crawl_frontier where job_id = :job and doc_index is not null")
                .bind("job", jobId)
                .map(row -> row.get("visited", Integer.class))
                .one();
    }

    /** Marks a queued URL visited, as the next document; its index (empty if it was not queued). */
    Mono<Integer> recordVisit(UUID jobId, PageRecord page) {
        return db.sql("""
                        update crawl_frontier
                        set status = :done_status, final_url = :final_url, http_status = :http_status, title = :title,
                            links = :links::text[], error = :error, text_key = :text_key, fetched_at = :fetched_at,
                            doc_index = (select count(*) from crawl_frontier
                                         where job_id = :job and doc_index is not null)
                        where job_id = :job and url = :url and status = :queued_status
                        returning doc_index""")
                .bind("done_status", FrontierStatus.DONE.wireName())
                .bind("queued_status", FrontierStatus.QUEUED.wireName())
                .bind("final_url", Parameter.fromOrEmpty(page.finalUrl(), String.class))
                .bind("http_status", Parameter.fromOrEmpty(page.status(), Integer.class))
                .bind("title", Parameter.fromOrEmpty(page.title(), String.class))
                .bind("links", page.links().toArray(String[]::new))
                .bind("error", Parameter.fromOrEmpty(page.error(), String.class))
                .bind("text_key", Parameter.fromOrEmpty(page.textKey(), String.class))
                .bind("fetched_at", page.fetchedAt().atOffset(ZoneOffset.UTC))
                .bind("job", jobId)
                .bind("url", page.url())
                .map(row -> row.get("doc_index", Integer.class))
                .one();
    }

    /** Marks a queued URL not to be requested, and why. */
    Mono<Void> disallow(UUID jobId, String url, String reason) {
        return db.sql("""
                        update crawl_frontier set status = :new_status, error = :reason
                        where job_id = :job and url = :url and status = :old_status""")
                .bind("new_status", FrontierStatus.DISALLOWED.wireName())
                .bind("old_status", FrontierStatus.QUEUED.wireName())
                .bind("reason", reason)
                .bind("job", jobId)
                .bind("url", url)
                .then();
    }

    /**
     * A redirect from {@code from} ended at {@code url} (normalized), whose page {@code from}'s
     * document has: it is not to be visited, whether it is new or still queued.
     */
    Mono<Void> redirected(UUID jobId, String url, int depth, String from) {
        return db.sql("""
                        insert into crawl_frontier (job_id, url, depth, status, error)
                        values (:job, :url, :depth, :new_status, :note)
                        on conflict (job_id, url) do update set status = excluded.status, error = excluded.error
                        where crawl_frontier.status = :queued_status""")
                .bind("job", jobId)
                .bind("url", url)
                .bind("depth", depth)
                .bind("new_status", FrontierStatus.REDIRECTED.wireName())
                .bind("queued_status", FrontierStatus.QUEUED.wireName())
                .bind("note", "reached by a redirect from " + from)
                .then();
    }

    /** How many URLs are in each status. */
    Mono<FrontierCounts> counts(UUID jobId) {
        return db.sql("""
                        select (count(*) filter (where status = :queued_status))::int as queued_count,
                               (count(*) filter (where status = :done_status))::int as done_count,
                               (count(*) filter (where status = :disallowed_status))::int as disallowed_count
                        from crawl_frontier where job_id = :job""")
                .bind("queued_status", FrontierStatus.QUEUED.wireName())
                .bind("done_status", FrontierStatus.DONE.wireName())
                .bind("disallowed_status", FrontierStatus.DISALLOWED.wireName())
                .bind("job", jobId)
                .map(row -> new FrontierCounts(
                        row.get("queued_count", Integer.class),
                        row.get("done_count", Integer.class),
                        row.get("disallowed_count", Integer.class)))
                .one();
    }

    /** Up to {@code limit} visited pages from document {@code from} on, in document order. */
    Flux<VisitedPage> visitedPages(UUID jobId, int from, int limit) {
        return db.sql("""
                        select doc_index, url, final_url, http_status, title, links, error, text_key, fetched_at
                        from crawl_frontier where job_id = :job and doc_index >= :from
                        order by doc_index limit :limit""")
                .bind("job", jobId)
                .bind("from", from)
                .bind("limit", limit)
                .map(FrontierRepository::visitedPage)
                .all();
    }

    /** The first reason a URL was not requested, if any was refused. */
    Mono<String> firstDisallowed(UUID jobId) {
        return db.sql("""
                        select url || ': ' || error as reason from crawl_frontier
                        where job_id = :job and status = :status order by seq limit 1""")
                .bind("job", jobId)
                .bind("status", FrontierStatus.DISALLOWED.wireName())
                .map(row -> row.get("reason", String.class))
                .one();
    }

    private static VisitedPage visitedPage(Readable row) {
        String[] links = row.get("links", String[].class);
        return new VisitedPage(
                row.get("doc_index", Integer.class),
                new PageRecord(
                        row.get("url", String.class),
                        row.get("final_url", String.class),
                        row.get("http_status", Integer.class),
                        row.get("title", String.class),
                        links == null ? List.of() : Arrays.asList(links),
                        row.get("error", String.class),
                        row.get("text_key", String.class),
                        row.get("fetched_at", Instant.class)));
    }

    /** The frontier's URLs by status. */
    record FrontierCounts(int queued, int done, int disallowed) {}

    /** A visited page and its document index. */
    record VisitedPage(int index, PageRecord page) {}
}
