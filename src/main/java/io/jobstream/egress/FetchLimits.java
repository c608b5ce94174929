package io.jobstream.egress;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The limits of one fetch, for callers whose fetches differ from documents by URL (a crawl's
 * pages, its robots.txt): the largest body, the time for the whole fetch (redirects and body
 * included) and the {@code User-Agent} sent. The address guard and the redirect limit are the
 * fetcher's own and always apply.
 */
public record FetchLimits(DataSize maxBytes, Duration timeout, String userAgent) {

    public FetchLimits {
        if (maxBytes.toBytes() <= 0 || !timeout.isPositive() || userAgent.isBlank()) {
            throw new IllegalArgumentException("a fetch needs a positive byte cap and time limit and a user agent");
        }
    }
}
