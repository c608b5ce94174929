package io.jobstream.crawl;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the visit of one URL found, as {@code pages.jsonl} shows it: the URL (and the last
 * hop's, after redirects), the HTTP status (null when no server answered with one), the
 * title, the links, why it failed, where its text is in storage and when it was fetched.
 */
record PageRecord(
        String url,
        @Nullable String finalUrl,
        @Nullable Integer status,
        @Nullable String title,
        List<String> links,
        @Nullable String error,
        @Nullable String textKey,
        Instant fetchedAt) {

    PageRecord {
        links = List.copyOf(links);
    }
}
