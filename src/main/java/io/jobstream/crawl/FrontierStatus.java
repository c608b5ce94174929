package io.jobstream.crawl;

import java.util.Locale;

/** Where one URL of a crawl stands; {@code crawl_frontier.status} holds the wire name. */
enum FrontierStatus {
    /** Found and in scope, not visited yet (or its visit stopped before it was recorded). */
    QUEUED,
    /** Visited: fetched, or failed to be; it is a document of the job. */
    DONE,
    /** Not requested: robots.txt forbids it, or its host's robots.txt could not be had. */
    DISALLOWED,
    /** Not requested: a redirect from another URL led here, and that URL's document has the page. */
    REDIRECTED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
