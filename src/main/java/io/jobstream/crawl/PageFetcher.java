package io.jobstream.crawl;

import io.jobstream.document.parse.ParsedPages;
import io.jobstream.document.parse.TempFiles;
import io.jobstream.egress.Download;
import io.jobstream.egress.FetchException;
import io.jobstream.egress.FetchLimits;
import io.jobstream.egress.UrlFetcher;
import io.jobstream.job.JobArtifacts;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.parsing.ExtractionMethod;
import io.jobstream.parsing.HtmlPage;
import io.jobstream.parsing.IsolatedParser;
import io.jobstream.parsing.ParseEvent;
import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.ParseOptions;
import io.jobstream.parsing.ParsedDocument;
import io.jobstream.parsing.ParsedPage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Visits one URL of a crawl: fetches it through the egress fetcher (address guard on every
 * hop, {@code max-page-bytes}, {@code page-timeout}, the crawler's user agent) into a temporary
 * file, reads it in the parser's child (an HTML page with jsoup, anything else, such as a
 * linked PDF, with the document parser, text layer only) and stores its pages where the
 * chunking stage reads them. A page that cannot be fetched or read is a failed visit, never
 * an error of the crawl.
 */
@Component
class PageFetcher {

    private static final List<String> HTML_TYPES = List.of("text/html", "application/xhtml+xml");

    private final UrlFetcher fetcher;
    private final IsolatedParser parser;
    private final ParsedPages parsedPages;
    private final CrawlProperties properties;

    PageFetcher(UrlFetcher fetcher, IsolatedParser parser, ParsedPages parsedPages, CrawlProperties properties) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.parsedPages = parsedPages;
        this.properties = properties;
    }

    /**
     * Fetches and reads the entry's page; {@code beforeRedirect} decides whether a redirect may
     * be followed (its {@link FetchException} fails the visit without requesting the target).
     */
    Mono<Visit.Outcome> visit(UUID jobId, FrontierEntry entry, Function<URI, Mono<Void>> beforeRedirect) {
        String textKey = JobArtifacts.prefix(jobId) + "crawl/" + entry.seq() + ".pages.json";
        return Mono.fromSupplier(Instant::now).flatMap(fetchedAt -> visit(entry, textKey, fetchedAt, beforeRedirect));
    }

    private Mono<Visit.Outcome> visit(
            FrontierEntry entry, String textKey, Instant fetchedAt, Function<URI, Mono<Void>> beforeRedirect) {
        FetchLimits limits =
                new FetchLimits(properties.maxPageBytes(), properties.pageTimeout(), properties.userAgent());
        return fetcher.fetch(URI.create(entry.url()), limits, beforeRedirect)
                .flatMap(download -> read(entry, download, textKey, fetchedAt))
                .onErrorResume(FetchException.class, failed -> Mono.just(fetchFailed(entry, failed, fetchedAt)));
    }

    private Mono<Visit.Outcome> read(FrontierEntry entry, Download download, String textKey, Instant fetchedAt) {
        return TempFiles.using("jobstream-page-", file -> download.body(), file -> content(download, file))
                .flatMap(content -> parsedPages
                        .store(textKey, content.pages())
                        .thenReturn(fetched(entry, download, content, textKey, fetchedAt)))
                .onErrorResume(
                        ParseFailure.class, failure -> Mono.just(readFailed(entry, download, failure, fetchedAt)));
    }

    private static Visit.Outcome fetched(
            FrontierEntry entry, Download download, Content content, String textKey, Instant fetchedAt) {
        String contentType = download.contentType() == null
                ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                : download.contentType().toString();
        PageRecord page = new PageRecord(
                entry.url(),
                download.url().toString(),
                download.status(),
                content.title(),
                content.links(),
                null,
                textKey,
                fetchedAt);
        return new Visit.Fetched(page, contentType, content.pages());
    }

    private Mono<Content> content(Download download, Path file) {
        return Mono.fromCallable(() -> isHtml(download.contentType(), file))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(html -> html ? html(download, file) : document(download, file));
    }

    private Mono<Content> html(Download download, Path file) {
        String charset =
                download.contentType() == null || download.contentType().getCharset() == null
                        ? null
                        : download.contentType().getCharset().name();
        return parser.readHtml(file, download.url(), charset, properties.maxLinksPerPage())
                .map(PageFetcher::content);
    }

    private static Content content(HtmlPage page) {
        return new Content(page.title(), List.of(new ParsedPage(1, page.text(), false, page.headings())), page.links());
    }

    /** Not HTML (a linked PDF, say): read as a document, its text layer only (no OCR while crawling). */
    private Mono<Content> document(Download download, Path file) {
        String filename = download.filename() == null ? "page" : download.filename();
        String type =
                download.contentType() == null ? null : download.contentType().toString();
        ParseOptions options =
                new ParseOptions(filename, type, ExtractionMethod.TEXT, List.of("eng"), null, null, null, false);
        return parser.parse(file, options)
                .ofType(ParseEvent.Parsed.class)
                .single()
                .map(parsed -> content(parsed.document()));
    }

    private static Content content(ParsedDocument document) {
        return new Content(document.metadata().title(), document.pages(), List.of());
    }

    /** By its type; a page sent without one is HTML if it starts like HTML. */
    private static boolean isHtml(@Nullable MediaType type, Path file) throws IOException {
        if (type != null && !type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)) {
            String base = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
            return HTML_TYPES.contains(base);
        }
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(512), StandardCharsets.ISO_8859_1)
                    .stripLeading()
                    .toLowerCase(Locale.ROOT);
            return head.startsWith("<!doctype html") || head.startsWith("<html");
        }
    }

    private static Visit.Outcome fetchFailed(FrontierEntry entry, FetchException failed, Instant fetchedAt) {
        Integer status = failed.status().isPresent() ? failed.status().getAsInt() : null;
        return new Visit.Failed(
                new PageRecord(entry.url(), null, status, null, List.of(), failed.getMessage(), null, fetchedAt),
                ErrorCode.FETCH_ERROR);
    }

    private static Visit.Outcome readFailed(
            FrontierEntry entry, Download download, ParseFailure failure, Instant fetchedAt) {
        ErrorCode code = switch (failure.reason()) {
            case UNREADABLE, TOO_LARGE -> ErrorCode.PARSE_ERROR;
            case OCR -> ErrorCode.OCR_ERROR;
            case TIMEOUT -> ErrorCode.TIMEOUT;
        };
        return new Visit.Failed(
                new PageRecord(
                        entry.url(),
                        download.url().toString(),
                        download.status(),
                        null,
                        List.of(),
                        failure.getMessage(),
                        null,
                        fetchedAt),
                code);
    }

    /** What reading a page gave: its title, pages and links. */
    private record Content(@Nullable String title, List<ParsedPage> pages, List<String> links) {}
}
