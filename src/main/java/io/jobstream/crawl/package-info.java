/**
 * The {@code crawl} job type (alias {@code web_crawling}): a website from its seeds, link by
 * link, each page a document of the job.
 *
 * <p>The frontier is a table ({@code crawl_frontier}): every URL found, normalized, once per job,
 * with its depth and what became of it. A visit is recorded in one transaction with its document
 * and the links it found ({@link io.jobstream.crawl.VisitRecorder}), so a crawl resumed after a
 * crash, on any instance, visits only what is still queued and never fetches again a page it
 * has (a page being fetched when the instance died is fetched again: it was not had).
 *
 * <p>Fetching goes only through {@link io.jobstream.egress.UrlFetcher}: the address guard on
 * every connection and redirect hop, a byte cap ({@code jobstream.crawl.max-page-bytes}; a
 * larger page is a failed document, its body not read past the cap), a time limit, the
 * crawler's user agent. A redirect loop ends at the fetcher's hop limit and fails that page; an
 * HTTP error (a 404) is a failed document that keeps its status; the crawl goes on.
 *
 * <p>Reading a page is parsing hostile input, so it happens in the parser's child JVMs: HTML
 * with jsoup ({@link io.jobstream.parsing.IsolatedParser#readHtml}: title, text, headings,
 * absolute links, in the charset the page declares, else the response's), anything else (a
 * linked PDF) with the document parser, as {@code parse} reads it. robots.txt and sitemaps are
 * parsed in the service by crawler-commons ({@link io.jobstream.crawl.SiteRulesReader}), on a
 * small bounded scheduler: they are small and capped, robots.txt is read line by line and
 * sitemaps by a SAX parser that refuses DTDs, and a child round trip for each would cost more
 * than it protects.
 *
 * <p>Politeness: one request at a time per site (scheme, host and port), {@code delay_ms} apart
 * or the site's {@code Crawl-delay} (capped by {@code jobstream.crawl.max-crawl-delay}),
 * waited for with Reactor timers, so a waiting site holds no thread; at most
 * {@code jobstream.crawl.concurrency} sites at once. A site whose robots.txt answers 5xx or
 * cannot be reached is not crawled (RFC 9309); a 4xx means no rules.
 *
 * <p>Where a redirect ends is marked in the frontier ({@code redirected}), so that a page found
 * both by a link and through a redirect is not fetched again once one of them was visited (a
 * link visited first is still fetched by the redirect: the fetcher follows redirects itself).
 *
 * <p>A redirect is followed only where the robots.txt of its target's site allows (the
 * fetcher asks before each hop); otherwise that page fails, naming the target, which is never
 * requested.
 *
 * <p>Not done: {@code nofollow} is not honoured; pages are not deduplicated by content.
 */
@NullMarked
package io.jobstream.crawl;

import org.jspecify.annotations.NullMarked;
