package io.jobstream.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import io.jobstream.system.MatchBudget;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which URLs a crawl queues, and in what form. URLs are normalized (crawler-commons: lower-case
 * scheme and host, default port and fragment dropped, dot segments resolved, query parameters
 * sorted) so that one page found by two spellings is fetched once. A link is in scope when it
 * is {@code http}/{@code https}, at most {@link #MAX_URL_LENGTH} long, on a seed's host if
 * {@code same_host}, matched by an {@code include} pattern (if there are any) and by no
 * {@code exclude} pattern (a pattern that takes too long to tell leaves the URL out). Seeds are
 * always in scope: the user named them.
 */
final class UrlScope {

    static final int MAX_URL_LENGTH = 2048;
    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    private final CrawlRequest request;
    private final Set<String> seedHosts;

    UrlScope(CrawlRequest request) {
        this.request = request;
        this.seedHosts =
                request.seeds().stream().map(seed -> host(seed.toString())).collect(Collectors.toUnmodifiableSet());
    }

    /** The URL as the frontier keeps it; null if it is not an http(s) URL one could fetch. */
    static @Nullable String normalize(String url) {
        String normalized = NORMALIZER.filter(url);
        if (normalized == null || normalized.length() > MAX_URL_LENGTH) {
            return null;
        }
        try {
            URI uri = new URI(normalized);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? normalized : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether a found link (normalized) is to be queued. */
    boolean allows(String url) {
        if (request.sameHost() && !seedHosts.contains(host(url))) {
            return false;
        }
        if (!request.include().isEmpty()
                && request.include().stream().noneMatch(pattern -> matches(pattern, url, false))) {
            return false;
        }
        return request.exclude().stream().noneMatch(pattern -> matches(pattern, url, true));
    }

    /** Far more character reads than any sane pattern needs on a URL of at most 2,048 characters. */
    static final int MAX_READS = 1_000_000;

    /** Whether the pattern is found in the URL; {@code ifTooSlow} if it takes too long to tell (the URL is left out). */
    private static boolean matches(Pattern pattern, String url, boolean ifTooSlow) {
        try {
            return pattern.matcher(MatchBudget.charge(url, MatchBudget.reads(MAX_READS)))
                    .find();
        } catch (MatchBudget.Spent e) {
            return ifTooSlow;
        }
    }

    private static String host(String url) {
        String host = URI.create(url).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    /** The scheme and authority: what robots.txt and politeness are kept per. */
    static String site(String url) {
        URI uri = URI.create(url);
        return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(Locale.ROOT);
    }
}
