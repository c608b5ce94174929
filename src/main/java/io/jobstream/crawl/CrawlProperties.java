package io.jobstream.crawl;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.crawl.*}: the {@code crawl} job type. Where a crawl may connect is
 * {@code jobstream.fetch.allowed-networks}'s to say, as for every fetch.
 *
 * @param maxPages the most pages one crawl may ask for ({@code max_pages})
 * @param userAgent the {@code User-Agent} of the crawler's requests; its first word (before a
 *     {@code /}) is the name robots.txt rules are matched against
 * @param maxPageBytes the largest page (or linked document) fetched; a larger one is recorded
 *     as failed, its body not read past the cap
 * @param pageTimeout the longest one fetch may take, redirects and body included
 * @param maxCrawlDelay the most a robots.txt {@code Crawl-delay} may hold a crawl between two
 *     requests to its host (a site asking for more is crawled this slowly)
 * @param concurrency hosts one crawl fetches from at once (each host one request at a time)
 * @param maxLinksPerPage the links kept of one page (in page order)
 * @param maxRobotsBytes the largest robots.txt read (RFC 9309 asks for at least 500 KiB)
 * @param maxSitemapBytes the largest sitemap read, after decompression
 * @param maxSitemaps the most sitemaps (and sitemap indexes) read per host
 */
@Validated
@ConfigurationProperties("jobstream.crawl")
record CrawlProperties(
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxPages,
        @DefaultValue("jobstream-crawler/0.1") @NotBlank String userAgent,
        @DefaultValue("2MB") DataSize maxPageBytes,
        @DefaultValue("30s") Duration pageTimeout,
        @DefaultValue("10s") Duration maxCrawlDelay,
        @DefaultValue("4") @Min(1) @Max(64) int concurrency,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxLinksPerPage,
        @DefaultValue("512KB") DataSize maxRobotsBytes,
        @DefaultValue("10MB") DataSize maxSitemapBytes,
        @DefaultValue("10") @Min(0) @Max(1000) int maxSitemaps) {

    CrawlProperties {
        if (maxPageBytes.toBytes() <= 0
                || maxRobotsBytes.toBytes() <= 0
                || maxSitemapBytes.toBytes() <= 0
                || !pageTimeout.isPositive()
                || maxCrawlDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "jobstream.crawl byte caps and page-timeout must be positive, max-crawl-delay not negative");
        }
    }

    /** The name robots.txt groups are matched against: the user agent's product token, in lower case. */
    String robotName() {
        String token = userAgent.strip().split("[/\\s]", 2)[0];
        return token.toLowerCase(Locale.ROOT);
    }
}
