package io.jobstream.crawl;

import io.jobstream.document.JobDocuments;
import io.jobstream.jobtype.DocumentCounts;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of a {@code crawl} job: small, never the pages' text. Counts (pages visited,
 * fetched, failed; URLs refused by robots.txt and still queued when the crawl stopped) and the
 * first {@link #PAGES} pages; {@code pages.jsonl} and the documents list have them all.
 */
@Component
class CrawlResult {

    static final int PAGES = 100;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FrontierRepository frontier;
    private final JobDocuments documents;

    CrawlResult(FrontierRepository frontier, JobDocuments documents) {
        this.frontier = frontier;
        this.documents = documents;
    }

    Mono<JsonNode> of(UUID jobId) {
        return Mono.zip(
                        documents.counts(jobId),
                        frontier.counts(jobId),
                        frontier.visitedPages(jobId, 0, PAGES).collectList())
                .map(parts -> result(parts.getT1(), parts.getT2(), parts.getT3()));
    }

    private static JsonNode result(
            DocumentCounts documents,
            FrontierRepository.FrontierCounts frontier,
            List<FrontierRepository.VisitedPage> first) {
        ObjectNode result = JSON.objectNode()
                .put("pages", documents.total())
                .put("fetched_count", documents.processed())
                .put("failed_count", documents.failed())
                .put("disallowed_count", frontier.disallowed())
                .put("queued_count", frontier.queued());
        ArrayNode list = result.putArray("first_pages");
        first.forEach(visited -> list.add(summary(visited)));
        return result;
    }

    private static ObjectNode summary(FrontierRepository.VisitedPage visited) {
        PageRecord page = visited.page();
        return JSON.objectNode()
                .put("index", visited.index())
                .put("url", page.url())
                .put("status", page.status())
                .put("title", page.title())
                .put("error", page.error());
    }
}
