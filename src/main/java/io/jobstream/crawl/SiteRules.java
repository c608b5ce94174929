package io.jobstream.crawl;

import crawlercommons.robots.BaseRobotRules;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a crawl obeys on one site: its robots.txt rules for the crawler (null: the site could
 * not be reached for them, so nothing is requested from it, as RFC 9309 says), the pause
 * between requests (the payload's {@code delay_ms}, or the site's {@code Crawl-delay} up to
 * {@code jobstream.crawl.max-crawl-delay}, whichever is longer), the URLs its sitemaps list,
 * and why the site is refused if it is.
 */
record SiteRules(@Nullable BaseRobotRules robots, Duration delay, List<String> sitemapLinks, String refusal) {

    SiteRules {
        sitemapLinks = List.copyOf(sitemapLinks);
    }

    /** Why {@code url} may not be requested; null if it may. */
    @Nullable
    String refusal(String url) {
        if (robots == null) {
            return refusal;
        }
        return robots.isAllowed(url) ? null : "robots.txt forbids it";
    }
}
