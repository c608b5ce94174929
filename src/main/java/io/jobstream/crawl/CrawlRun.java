package io.jobstream.crawl;

import io.jobstream.document.JobDocuments;
import io.jobstream.egress.FetchException;
import io.jobstream.jobtype.DocumentCounts;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One run of the crawling stage over the frontier, until it is empty or {@code max_pages}
 * pages are visited. It takes the frontier's queued URLs in the order found, a batch at a
 * time (never more than the pages still allowed); visits the batch's sites at once, up to
 * {@code jobstream.crawl.concurrency}, each site's URLs one after the other in its polite turn;
 * and records the visits one at a time as they end (their links join the frontier for a later
 * batch). What it keeps in memory (each site's rules, the politeness clock) is rebuilt by a
 * resumed run; everything else is in the frontier.
 */
final class CrawlRun {

    /** URLs taken from the frontier at once: enough to keep several sites busy, few enough to stop soon. */
    private static final int BATCH = 50;

    private final StageContext context;
    private final CrawlRequest request;
    private final UrlScope scope;
    private final Crawler crawler;
    private final Politeness politeness = new Politeness();
    private final Map<String, Mono<SiteRules>> sites = new ConcurrentHashMap<>();
    private final Set<String> sitemapsTaken = ConcurrentHashMap.newKeySet();

    /** The beans a run works with. */
    record Crawler(
            FrontierRepository frontier,
            PageFetcher pages,
            SiteRulesReader siteRules,
            VisitRecorder recorder,
            JobDocuments documents,
            CrawlProperties properties) {}

    CrawlRun(StageContext context, CrawlRequest request, Crawler crawler) {
        this.context = context;
        this.request = request;
        this.scope = new UrlScope(request);
        this.crawler = crawler;
    }

    Mono<Void> crawl() {
        return Mono.defer(this::round).repeat().takeUntil(more -> !more).then();
    }

    /** Visits one batch; whether there may be more to visit. */
    private Mono<Boolean> round() {
        return crawler.frontier()
                .visited(context.jobId())
                .flatMap(visited -> request.maxPages() - visited <= 0
                        ? Mono.just(false)
                        : nextBatch(Math.min(request.maxPages() - visited, BATCH)));
    }

    private Mono<Boolean> nextBatch(int size) {
        return crawler.frontier()
                .queued(context.jobId(), size)
                .collectList()
                .flatMap(batch ->
                        batch.isEmpty() ? Mono.just(false) : visitAll(batch).thenReturn(true));
    }

    private Mono<Void> visitAll(List<FrontierEntry> batch) {
        Map<String, List<FrontierEntry>> bySite = batch.stream()
                .collect(Collectors.groupingBy(
                        entry -> UrlScope.site(entry.url()), LinkedHashMap::new, Collectors.toList()));
        return Flux.fromIterable(bySite.entrySet())
                .flatMap(
                        site -> Flux.fromIterable(site.getValue()).concatMap(entry -> visit(site.getKey(), entry)),
                        crawler.properties().concurrency())
                .concatMap(visit -> crawler.recorder()
                        .record(context.jobId(), request, scope, visit)
                        .then(report()))
                .then();
    }

    private Mono<Visit> visit(String site, FrontierEntry entry) {
        return rules(site).flatMap(rules -> visit(site, entry, rules));
    }

    private Mono<Visit> visit(String site, FrontierEntry entry, SiteRules rules) {
        List<String> sitemapLinks = sitemapsTaken.add(site) ? rules.sitemapLinks() : List.of();
        String refusal = rules.refusal(entry.url());
        Mono<Visit.Outcome> outcome = refusal == null
                ? politeness.polite(site, rules.delay(), crawler.pages().visit(context.jobId(), entry, this::mayFollow))
                : Mono.just(new Visit.Disallowed(refusal));
        return outcome.map(result -> new Visit(entry, result, sitemapLinks));
    }

    /** A redirect is followed only where the robots.txt of its target's site allows. */
    private Mono<Void> mayFollow(URI target) {
        String url = target.toString();
        return rules(UrlScope.site(url)).flatMap(rules -> {
            String refusal = rules.refusal(url);
            return refusal == null
                    ? Mono.empty()
                    : Mono.error(new FetchException("redirected to " + url + ": " + refusal));
        });
    }

    /** The site's rules, read once per run. */
    private Mono<SiteRules> rules(String site) {
        return sites.computeIfAbsent(
                site, key -> crawler.siteRules().read(key, request, politeness).cache());
    }

    /** Pages fetched (and failed) and URLs still queued, with the job's document counts. */
    private Mono<Void> report() {
        return Mono.zip(
                        crawler.documents().counts(context.jobId()),
                        crawler.frontier().counts(context.jobId()))
                .flatMap(counts -> context.report(progress(counts.getT1(), counts.getT2())));
    }

    private StageProgress progress(DocumentCounts documents, FrontierRepository.FrontierCounts frontier) {
        int visited = documents.total();
        int planned = Math.max(1, Math.min(request.maxPages(), visited + frontier.queued()));
        int percent = Math.min(100, visited * 100 / planned);
        String message = "fetched " + visited + " page(s)"
                + (documents.failed() == 0 ? "" : " (" + documents.failed() + " failed)")
                + ", " + frontier.queued() + " queued";
        return new StageProgress(percent, message, documents);
    }
}
