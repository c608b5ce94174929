package io.jobstream.crawl;

import io.jobstream.document.ChunkingOptions;
import io.jobstream.document.parse.ChunkingStage;
import io.jobstream.document.parse.DocumentPayloads;
import io.jobstream.embedding.Embedder;
import io.jobstream.embedding.VectorizingStage;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import io.jobstream.system.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code crawl} (also {@code web_crawling}): a website from its seeds, link by link, within
 * {@code max_pages}, {@code max_depth}, the seeds' hosts ({@code same_host}) and the
 * {@code include}/{@code exclude} patterns, obeying robots.txt and reading sitemaps, politely
 * ({@code delay_ms}, or the site's crawl delay). Each page is a document of the job; the pages
 * are in {@code pages.jsonl}, and on request cut into chunks ({@code chunks.jsonl}) and embedded
 * ({@code embeddings.jsonl}) as by {@code parse}. Stages: {@code crawling}, then {@code chunking}
 * and {@code vectorizing} when asked for.
 */
@Component
class CrawlJobType implements JobType {

    private static final JsonNode SCHEMA = JobType.readResource(CrawlJobType.class, "payload.schema.json");
    private static final Duration BASE_TIMEOUT = Duration.ofMinutes(30);
    /** What one page may add to the stage's limit on top of its delay: most take well under a second. */
    private static final Duration PER_PAGE = Duration.ofSeconds(3);

    private static final Duration MAX_TIMEOUT = Duration.ofHours(48);

    private final CrawlingStage crawling;
    private final ChunkingStage chunking;
    private final VectorizingStage vectorizing;
    private final CrawlResult result;
    private final Embedder embedder;
    private final CrawlProperties properties;

    CrawlJobType(
            CrawlingStage crawling,
            ChunkingStage chunking,
            VectorizingStage vectorizing,
            CrawlResult result,
            Embedder embedder,
            CrawlProperties properties) {
        this.crawling = crawling;
        this.chunking = chunking;
        this.vectorizing = vectorizing;
        this.result = result;
        this.embedder = embedder;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "crawl";
    }

    @Override
    public List<String> aliases() {
        return List.of("web_crawling");
    }

    @Override
    public String description() {
        return "Crawls a website from its seed URLs, link by link, within page, depth, host and URL pattern limits,"
                + " obeying robots.txt and reading sitemaps; each page becomes a document, all of them are in"
                + " pages.jsonl, and on request chunked and embedded as by parse.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("crawling", "chunking", "vectorizing");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        List<Violation> violations = new ArrayList<>();
        JsonNode seeds = payload.path("seeds");
        for (int index = 0; index < seeds.size(); index++) {
            if (!isWebUrl(seeds.get(index).asString())) {
                violations.add(
                        new Violation("payload.seeds[" + index + "]", "must be an http or https URL with a host"));
            }
        }
        if (payload.path("max_pages").asInt(CrawlRequest.DEFAULT_MAX_PAGES) > properties.maxPages()) {
            violations.add(new Violation(
                    "payload.max_pages",
                    "must be at most " + properties.maxPages() + " (jobstream.crawl.max-pages on this deployment)"));
        }
        for (String field : List.of("include", "exclude")) {
            JsonNode patterns = payload.path(field);
            for (int index = 0; index < patterns.size(); index++) {
                String refusal = patternRefusal(patterns.get(index).asString());
                if (refusal != null) {
                    violations.add(new Violation("payload." + field + "[" + index + "]", refusal));
                }
            }
        }
        violations.addAll(DocumentPayloads.checkChunking(payload, embedder));
        return violations;
    }

    private static boolean isWebUrl(String value) {
        try {
            URI url = new URI(value);
            return url.getHost() != null && UrlScope.normalize(value) != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static @Nullable String patternRefusal(String pattern) {
        try {
            Pattern.compile(pattern);
            return null;
        } catch (PatternSyntaxException e) {
            return "is not a regular expression: " + e.getDescription();
        }
    }

    @Override
    public Duration stageTimeout(JsonNode payload) {
        int pages = payload.path("max_pages").asInt(CrawlRequest.DEFAULT_MAX_PAGES);
        Duration perPage = PER_PAGE.plusMillis(payload.path("delay_ms").asLong(0));
        Duration limit = BASE_TIMEOUT.plus(perPage.multipliedBy(pages));
        return limit.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : limit;
    }

    @Override
    public Duration jobTimeout(JsonNode payload) {
        return stageTimeout(payload).multipliedBy(3);
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        CrawlRequest request = CrawlRequest.of(payload);
        ChunkingOptions chunks = request.chunking();
        if (chunks == null) {
            return List.of(new Stage("crawling", context -> crawling.run(context, request)));
        }
        List<Stage> stages = new ArrayList<>(List.of(new Stage("crawling", context -> crawling.run(context, request))));
        if (request.embed()) {
            stages.add(new Stage("chunking", context -> chunking.run(context, chunks)));
            stages.add(new Stage("vectorizing", last(context -> vectorizing.run(context, context.jobId()))));
        } else {
            stages.add(new Stage("chunking", last(context -> chunking.run(context, chunks))));
        }
        return stages;
    }

    /** The last stage's output is the job's result: the crawl's, not the chunk or vector count. */
    private Function<StageContext, Mono<JsonNode>> last(Function<StageContext, Mono<?>> work) {
        return context -> work.apply(context).then(result.of(Objects.requireNonNull(context.jobId())));
    }
}
