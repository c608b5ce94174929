package io.jobstream.api;

import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.embedding.SearchHit;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Semantic search over the chunks of the caller's documents. The caller's own jobs only, also
 * for an admin: a search is a user's view of their documents, not a look into everyone's.
 */
@Component
class SearchHandler {

    private final ChunkEmbeddings embeddings;

    SearchHandler(ChunkEmbeddings embeddings) {
        this.embeddings = embeddings;
    }

    /** 200 with the nearest chunks, best first (none: an empty list); 503 where embeddings are switched off. */
    Mono<ServerResponse> search(ServerRequest request) {
        return JobHandler.body(request)
                .map(SearchRequest::read)
                .flatMap(search -> hits(request, search))
                .flatMap(hits -> ServerResponse.ok().bodyValue(new Results(hits)));
    }

    private Mono<List<SearchHit>> hits(ServerRequest request, SearchRequest search) {
        return Callers.of(request)
                .flatMap(caller -> embeddings
                        .search(caller.subject(), search.query(), search.jobIds(), search.limit())
                        .collectList());
    }

    record Results(List<SearchHit> results) {}
}
