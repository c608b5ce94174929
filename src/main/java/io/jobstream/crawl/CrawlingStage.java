package io.jobstream.crawl;

import io.jobstream.document.JobDocuments;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.DocumentCounts;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.StageContext;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code crawling}: the seeds join the frontier (again, harmlessly, when the job resumes), a
 * {@link CrawlRun} visits it, and {@code pages.jsonl} is written. A crawl in which no page could
 * be fetched fails, with the first page's error (or, if nothing was requested, why not).
 */
@Component
class CrawlingStage {

    private final CrawlRun.Crawler crawler;
    private final PagesArtifact pagesArtifact;
    private final CrawlResult result;

    CrawlingStage(
            FrontierRepository frontier,
            PageFetcher pages,
            SiteRulesReader siteRules,
            VisitRecorder recorder,
            JobDocuments documents,
            CrawlProperties properties,
            PagesArtifact pagesArtifact,
            CrawlResult result) {
        this.crawler = new CrawlRun.Crawler(frontier, pages, siteRules, recorder, documents, properties);
        this.pagesArtifact = pagesArtifact;
        this.result = result;
    }

    Mono<JsonNode> run(StageContext context, CrawlRequest request) {
        List<String> seeds = request.seeds().stream()
                .map(seed -> UrlScope.normalize(seed.toString()))
                .filter(Objects::nonNull)
                .toList();
        return crawler.frontier()
                .enqueue(context.jobId(), seeds, 0)
                .then(new CrawlRun(context, request, crawler).crawl())
                .then(context.saveArtifact(
                        new Artifact("pages.jsonl", "application/x-ndjson", pagesArtifact.lines(context.jobId()))))
                .then(crawler.documents().counts(context.jobId()))
                .flatMap(counts ->
                        counts.processed() == 0 ? nothingFetched(context, counts) : result.of(context.jobId()));
    }

    private Mono<JsonNode> nothingFetched(StageContext context, DocumentCounts counts) {
        Mono<String> why = counts.total() == 0
                ? crawler.frontier()
                        .firstDisallowed(context.jobId())
                        .map(reason -> "no page was requested; the first refused: " + reason)
                        .defaultIfEmpty("no page was requested")
                : crawler.documents()
                        .all(context.jobId())
                        .next()
                        .map(first -> "all " + counts.total() + " page(s) failed; the first: " + first.error());
        return why.flatMap(message -> Mono.error(new JobFailure(ErrorCode.FETCH_ERROR, message, false)));
    }
}
