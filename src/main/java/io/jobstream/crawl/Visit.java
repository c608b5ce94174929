package io.jobstream.crawl;

import io.jobstream.jobtype.ErrorCode;
import io.jobstream.parsing.ParsedPage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What visiting one frontier entry came to, before it is recorded; with the URLs its host's
 * sitemaps listed, when this was the crawl's first visit to that host.
 */
record Visit(FrontierEntry entry, Outcome outcome, List<String> sitemapLinks) {

    Visit {
        sitemapLinks = List.copyOf(sitemapLinks);
    }

    sealed interface Outcome {}

    /** Fetched and read: its pages (one for HTML; a PDF's own), stored under the record's text key. */
    record Fetched(PageRecord page, String contentType, List<ParsedPage> pages) implements Outcome {

        Fetched {
            pages = List.copyOf(pages);
        }
    }

    /** Requested, but it could not be fetched or read: {@code code} and the record's error say why. */
    record Failed(PageRecord page, ErrorCode code) implements Outcome {}

    /** Never requested. */
    record Disallowed(String reason) implements Outcome {}

    /** The record of a visit that became a document; null if it was not requested. */
    @Nullable
    PageRecord page() {
        return switch (outcome) {
            case Fetched fetched -> fetched.page();
            case Failed failed -> failed.page();
            case Disallowed disallowed -> null;
        };
    }
}
