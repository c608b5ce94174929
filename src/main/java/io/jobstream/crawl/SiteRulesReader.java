package io.jobstream.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import io.jobstream.egress.Download;
import io.jobstream.egress.FetchException;
import io.jobstream.egress.FetchLimits;
import io.jobstream.egress.UrlFetcher;
import io.jobstream.system.Buffers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads what a crawl obeys on a site ({@link SiteRules}): its robots.txt, parsed for the
 * crawler's name by crawler-commons, and the sitemaps it lists. Both are fetched through the
 * egress fetcher (address guard on every hop) within their own byte caps, in the site's
 * polite turn. Parsing runs here, not in the parser's child: the inputs are small and capped
 * (robots.txt at {@code max-robots-bytes}, a sitemap at {@code max-sitemap-bytes} after
 * decompression, which is done here so that a gzip bomb stops at the cap), crawler-commons reads
 * robots.txt line by line and sitemaps with a SAX parser that refuses DTDs, so nothing in them
 * can make the service loop or run out of memory. It runs on this bean's small bounded
 * scheduler, never on an event loop.
 */
@Component
class SiteRulesReader implements DisposableBean {

    private final UrlFetcher fetcher;
    private final CrawlProperties properties;
    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 10_000, "crawl-site-rules");

    SiteRulesReader(UrlFetcher fetcher, CrawlProperties properties) {
        this.fetcher = fetcher;
        this.properties = properties;
    }

    /** The rules of {@code site} ({@code scheme://host:port}) for a crawl; never fails. */
    Mono<SiteRules> read(String site, CrawlRequest request, Politeness politeness) {
        URI robotsTxt = URI.create(site + "/robots.txt");
        return politeness
                .polite(site, request.delay(), robots(robotsTxt))
                .flatMap(answer -> withSitemaps(answer, request, politeness));
    }

    private Mono<SiteRules> withSitemaps(RobotsAnswer answer, CrawlRequest request, Politeness politeness) {
        BaseRobotRules robots = answer.rules();
        if (robots == null || !request.sitemaps()) {
            return Mono.just(rules(request, answer, List.of()));
        }
        return sitemapLinks(robots.getSitemaps(), request, politeness).map(links -> rules(request, answer, links));
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }

    private SiteRules rules(CrawlRequest request, RobotsAnswer answer, List<String> sitemapLinks) {
        Duration delay = request.delay();
        if (answer.rules() != null && answer.rules().getCrawlDelay() > 0) {
            Duration asked = Duration.ofMillis(answer.rules().getCrawlDelay());
            Duration capped = asked.compareTo(properties.maxCrawlDelay()) > 0 ? properties.maxCrawlDelay() : asked;
            delay = capped.compareTo(delay) > 0 ? capped : delay;
        }
        return new SiteRules(answer.rules(), delay, sitemapLinks, answer.refusal());
    }

    /** robots.txt's rules; a 4xx allows everything, a 5xx or no answer refuses the site (RFC 9309). */
    private Mono<RobotsAnswer> robots(URI url) {
        FetchLimits limits =
                new FetchLimits(properties.maxRobotsBytes(), properties.pageTimeout(), properties.userAgent());
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        return fetcher.fetch(url, limits)
                .flatMap(download -> bytes(download)
                        .publishOn(scheduler)
                        .map(bytes -> parser.parseContent(
                                url.toString(), bytes, contentType(download), List.of(properties.robotName()))))
                .map(rules -> new RobotsAnswer(rules, ""))
                .onErrorResume(FetchException.class, failed -> Mono.just(robotsFailed(parser, failed)));
    }

    private static RobotsAnswer robotsFailed(SimpleRobotRulesParser parser, FetchException failed) {
        int status = failed.status().orElse(0);
        if (status >= 400 && status < 500) {
            return new RobotsAnswer(parser.failedFetch(status), "");
        }
        return new RobotsAnswer(
                null, "its site's robots.txt could not be had (" + failed.getMessage() + "), so nothing is requested");
    }

    /** The page URLs the sitemaps list, reading sitemap indexes too, at most {@code max-sitemaps} sitemaps. */
    private Mono<List<String>> sitemapLinks(List<String> sitemaps, CrawlRequest request, Politeness politeness) {
        return Flux.fromIterable(sitemaps)
                .concatMap(url -> sitemap(url, request, politeness))
                .expand(read -> Flux.fromIterable(read.nested()).concatMap(url -> sitemap(url, request, politeness)))
                .take(properties.maxSitemaps())
                .flatMapIterable(ReadSitemap::pages)
                .take(request.maxPages())
                .collectList();
    }

    /** One sitemap; a sitemap that cannot be fetched or read is passed over. */
    private Mono<ReadSitemap> sitemap(String url, CrawlRequest request, Politeness politeness) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Mono.empty();
        }
        FetchLimits limits =
                new FetchLimits(properties.maxSitemapBytes(), properties.pageTimeout(), properties.userAgent());
        Mono<ReadSitemap> read = fetcher.fetch(uri, limits)
                .flatMap(download -> bytes(download)
                        .publishOn(scheduler)
                        .mapNotNull(bytes -> parseSitemap(uri, contentType(download), bytes)));
        return politeness
                .polite(UrlScope.site(url), request.delay(), read)
                .onErrorResume(FetchException.class, failed -> Mono.empty());
    }

    private @Nullable ReadSitemap parseSitemap(URI url, String contentType, byte[] bytes) {
        try {
            byte[] xml = gzipped(bytes) ? gunzip(bytes) : bytes;
            String type = gzipped(bytes) ? "text/xml" : contentType;
            AbstractSiteMap sitemap = new SiteMapParser(false).parseSiteMap(type, xml, url.toURL());
            List<String> pages = new ArrayList<>();
            List<String> nested = new ArrayList<>();
            if (sitemap instanceof SiteMapIndex index) {
                index.getSitemaps().forEach(child -> nested.add(child.getUrl().toString()));
            } else if (sitemap instanceof SiteMap map) {
                map.getSiteMapUrls().stream()
                        .map(SiteMapURL::getUrl)
                        .map(URL::toString)
                        .forEach(pages::add);
            }
            return new ReadSitemap(pages, nested);
        } catch (Exception e) {
            // not a sitemap, or a broken one: it lists nothing
            return null;
        }
    }

    private static boolean gzipped(byte[] bytes) {
        return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** Decompressed, at most {@code max-sitemap-bytes}: a bomb fails at the cap, not at the end of the heap. */
    private byte[] gunzip(byte[] bytes) throws IOException {
        long cap = properties.maxSitemapBytes().toBytes();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] xml = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (xml.length > cap) {
                throw new IOException("the sitemap is larger than " + properties.maxSitemapBytes() + " unpacked");
            }
            return xml;
        }
    }

    private static Mono<byte[]> bytes(Download download) {
        return DataBufferUtils.join(download.body()).map(Buffers::drain).defaultIfEmpty(new byte[0]);
    }

    private static String contentType(Download download) {
        return download.contentType() == null
                ? "text/plain"
                : download.contentType().toString();
    }

    /** A robots.txt's rules, or null and why the site is refused. */
    private record RobotsAnswer(@Nullable BaseRobotRules rules, String refusal) {}

    private record ReadSitemap(List<String> pages, List<String> nested) {}
}
