package io.jobstream.crawl;

import io.jobstream.document.DocumentOutcome;
import io.jobstream.document.DocumentSource;
import io.jobstream.document.JobDocuments;
import io.jobstream.parsing.ParsedPage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records one visit, in one transaction: its frontier row (done, with what it found, or
 * disallowed), its document (the next index; completed or failed with its error) and the links
 * it found that are in scope and within {@code max_depth}, queued. That transaction is the
 * visit's checkpoint: a crawl stopped before it visits the URL again, one stopped after it has
 * the page, its document and its links. The crawling stage records one visit at a time, which
 * is what keeps document indexes dense and in order.
 */
@Component
class VisitRecorder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FrontierRepository frontier;
    private final JobDocuments documents;
    private final TransactionalOperator transactions;

    VisitRecorder(FrontierRepository frontier, JobDocuments documents, TransactionalOperator transactions) {
        this.frontier = frontier;
        this.documents = documents;
        this.transactions = transactions;
    }

    Mono<Void> record(UUID jobId, CrawlRequest request, UrlScope scope, Visit visit) {
        Mono<Void> written = switch (visit.outcome()) {
            case Visit.Disallowed disallowed ->
                frontier.disallow(jobId, visit.entry().url(), disallowed.reason());
            case Visit.Fetched fetched ->
                frontier.recordVisit(jobId, fetched.page()).flatMap(index -> completed(jobId, index, visit, fetched));
            case Visit.Failed failed ->
                frontier.recordVisit(jobId, failed.page()).flatMap(index -> failed(jobId, index, visit, failed));
        };
        return transactions.transactional(written.then(enqueueLinks(jobId, request, scope, visit)));
    }

    private Mono<Void> completed(UUID jobId, int index, Visit visit, Visit.Fetched fetched) {
        return added(jobId, index, fetched.page())
                .then(documents.complete(jobId, index, outcome(visit.entry(), fetched)));
    }

    private Mono<Void> failed(UUID jobId, int index, Visit visit, Visit.Failed failed) {
        String error = Objects.requireNonNull(failed.page().error());
        return added(jobId, index, failed.page())
                .then(documents.fail(
                        jobId, index, failed.code().name(), error, metadata(visit.entry(), failed.page())));
    }

    private Mono<Void> added(UUID jobId, int index, PageRecord page) {
        return documents.add(jobId, index, new DocumentSource(DocumentSource.Kind.URL, page.url()));
    }

    private Mono<Void> enqueueLinks(UUID jobId, CrawlRequest request, UrlScope scope, Visit visit) {
        int depth = visit.entry().depth() + 1;
        PageRecord page = visit.page();
        List<String> links = page == null || depth > request.maxDepth() ? List.of() : inScope(scope, page.links());
        List<String> listed = request.maxDepth() < 1 ? List.of() : inScope(scope, visit.sitemapLinks());
        return redirected(jobId, visit)
                .then(frontier.enqueue(jobId, links, depth))
                .then(frontier.enqueue(jobId, listed, 1));
    }

    /** Where a redirect ended is had: not to be fetched again on its own. */
    private Mono<Void> redirected(UUID jobId, Visit visit) {
        PageRecord page = visit.page();
        String target = page == null || page.finalUrl() == null ? null : UrlScope.normalize(page.finalUrl());
        if (target == null || target.equals(visit.entry().url())) {
            return Mono.empty();
        }
        return frontier.redirected(
                jobId, target, visit.entry().depth(), visit.entry().url());
    }

    private static List<String> inScope(UrlScope scope, List<String> urls) {
        Set<String> kept = new LinkedHashSet<>();
        for (String url : urls) {
            String normalized = UrlScope.normalize(url);
            if (normalized != null && scope.allows(normalized)) {
                kept.add(normalized);
            }
        }
        return new ArrayList<>(kept);
    }

    private static DocumentOutcome outcome(FrontierEntry entry, Visit.Fetched fetched) {
        ObjectNode metadata = metadata(entry, fetched.page()).put("content_type", fetched.contentType());
        ArrayNode pages = JSON.arrayNode();
        for (ParsedPage page : fetched.pages()) {
            pages.add(JSON.objectNode()
                    .put("page", page.number())
                    .put("characters", page.text().length())
                    .put("ocr", page.ocr()));
        }
        return new DocumentOutcome(
                metadata, pages, Objects.requireNonNull(fetched.page().textKey()));
    }

    /** What the documents list shows of a page: where it came from and what the server said. */
    private static ObjectNode metadata(FrontierEntry entry, PageRecord page) {
        ObjectNode metadata = JSON.objectNode()
                .put("url", page.url())
                .put("depth", entry.depth())
                .put("status", page.status())
                .put("fetched_at", page.fetchedAt().toString());
        if (page.finalUrl() != null && !page.finalUrl().equals(page.url())) {
            metadata.put("final_url", page.finalUrl());
        }
        if (page.title() != null) {
            metadata.put("title", page.title());
        }
        return metadata;
    }
}
