package io.jobstream.crawl;

import io.jobstream.document.ChunkingOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A valid {@code crawl} payload, read. {@code chunking} is null unless chunks were asked for
 * (a {@code chunking} object, or {@code embed}, which needs them).
 */
record CrawlRequest(
        List<URI> seeds,
        int maxPages,
        int maxDepth,
        boolean sameHost,
        List<Pattern> include,
        List<Pattern> exclude,
        Duration delay,
        boolean sitemaps,
        @Nullable ChunkingOptions chunking,
        boolean embed) {

    static final int DEFAULT_MAX_PAGES = 100;
    static final int DEFAULT_MAX_DEPTH = 3;

    CrawlRequest {
        seeds = List.copyOf(seeds);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    static CrawlRequest of(JsonNode payload) {
        List<URI> seeds = new ArrayList<>();
        payload.path("seeds").forEach(seed -> seeds.add(URI.create(seed.asString())));
        boolean embed = payload.path("embed").asBoolean(false);
        boolean chunks = embed || payload.has("chunking");
        return new CrawlRequest(
                seeds,
                payload.path("max_pages").asInt(DEFAULT_MAX_PAGES),
                payload.path("max_depth").asInt(DEFAULT_MAX_DEPTH),
                payload.path("same_host").asBoolean(true),
                patterns(payload.path("include")),
                patterns(payload.path("exclude")),
                Duration.ofMillis(payload.path("delay_ms").asLong(0)),
                payload.path("sitemaps").asBoolean(true),
                chunks ? ChunkingOptions.read(payload.path("chunking")) : null,
                embed);
    }

    private static List<Pattern> patterns(JsonNode patterns) {
        List<Pattern> list = new ArrayList<>();
        patterns.forEach(pattern -> list.add(Pattern.compile(pattern.asString())));
        return list;
    }
}
