package io.jobstream.crawl;

import io.jobstream.document.Chunker;
import io.jobstream.document.parse.ParsedPages;
import io.jobstream.storage.StoredObjectNotFoundException;
import io.jobstream.system.JsonLines;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pages.jsonl}: one line per visited page, in document order: {@code url},
 * {@code final_url} (where redirects ended, when elsewhere), {@code status}, {@code title},
 * {@code text}, {@code links}, {@code fetched_at} and, for a page that failed, {@code error}.
 * Streamed a page at a time from the frontier and the stored text, so its memory does not grow
 * with the crawl.
 */
@Component
class PagesArtifact {

    private static final int PAGE = 100;

    private final FrontierRepository frontier;
    private final ParsedPages parsedPages;
    private final JsonMapper json;

    PagesArtifact(FrontierRepository frontier, ParsedPages parsedPages, JsonMapper json) {
        this.frontier = frontier;
        this.parsedPages = parsedPages;
        this.json = json;
    }

    Flux<DataBuffer> lines(UUID jobId) {
        return batch(jobId, 0)
                .expand(batch -> batch.size() < PAGE
                        ? Mono.empty()
                        : batch(jobId, batch.getLast().index() + 1))
                .flatMapIterable(batch -> batch)
                .concatMap(visited -> text(visited.page()).map(text -> line(visited.page(), text)))
                .map(line -> JsonLines.line(json, line));
    }

    private Mono<List<FrontierRepository.VisitedPage>> batch(UUID jobId, int from) {
        return frontier.visitedPages(jobId, from, PAGE).collectList();
    }

    private Mono<String> text(PageRecord page) {
        if (page.textKey() == null) {
            return Mono.just("");
        }
        return parsedPages
                .load(page.textKey())
                .map(Chunker::documentText)
                .onErrorReturn(StoredObjectNotFoundException.class, "");
    }

    private static JsonNode line(PageRecord page, String text) {
        ObjectNode line = JsonNodeFactory.instance.objectNode().put("url", page.url());
        if (page.finalUrl() != null && !page.finalUrl().equals(page.url())) {
            line.put("final_url", page.finalUrl());
        }
        line.put("status", page.status()).put("title", page.title()).put("text", text);
        ArrayNode links = line.putArray("links");
        page.links().forEach(links::add);
        line.put("fetched_at", page.fetchedAt().toString());
        if (page.error() != null) {
            line.put("error", page.error());
        }
        return line;
    }
}
