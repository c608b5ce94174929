package io.jobstream.embedding;

import io.jobstream.embedding.ChunkEmbeddingRepository.PendingChunk;
import io.jobstream.system.JsonLines;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vectors of documents' chunks, and search over them. A job's chunks are embedded in
 * batches of {@code jobstream.embeddings.batch-size}, each batch stored in one statement as soon
 * as it is computed: a job retried or resumed elsewhere embeds only the chunks still without a
 * vector. A search sees only the caller's own jobs.
 */
@Service
public class ChunkEmbeddings {

    /** The longest query: the model reads short texts best, and a long one costs the CPU of many. */
    public static final int MAX_QUERY_LENGTH = 2_000;

    private final Embedder embedder;
    private final ChunkEmbeddingRepository chunks;
    private final int batchSize;

    ChunkEmbeddings(Embedder embedder, ChunkEmbeddingRepository chunks, EmbeddingProperties properties) {
        this.embedder = embedder;
        this.chunks = chunks;
        this.batchSize = properties.batchSize();
    }

    /**
     * Embeds every chunk of the job that has no vector yet, telling {@code progress} after each
     * batch; the number of chunks embedded (0 when none needed it, without loading the model).
     * Fails with {@link EmbeddingsUnavailableException} when this instance has no model.
     */
    public Mono<Integer> embedChunks(UUID jobId, EmbeddingProgress progress) {
        return chunks.countWithoutVector(jobId).flatMap(total -> embedBatches(jobId, total, progress));
    }

    private Mono<Integer> embedBatches(UUID jobId, int total, EmbeddingProgress progress) {
        if (total == 0) {
            return Mono.just(0);
        }
        // one batch more than counted, no more: bounded even if chunks were added meanwhile
        long repeats = Math.ceilDiv(total, batchSize);
        return Mono.defer(() -> embedBatch(jobId))
                .repeat(repeats)
                .takeWhile(stored -> stored > 0)
                .scan(0, Integer::sum)
                .skip(1)
                .concatMap(
                        done -> progress.embedded(done, Math.max(done, total)).thenReturn(done))
                .last(0);
    }

    /** The next batch without vectors, embedded and stored; how many were stored (0: none left). */
    private Mono<Integer> embedBatch(UUID jobId) {
        return chunks.withoutVector(jobId, batchSize).collectList().flatMap(batch -> store(jobId, batch));
    }

    private Mono<Integer> store(UUID jobId, List<PendingChunk> batch) {
        if (batch.isEmpty()) {
            return Mono.just(0);
        }
        return embedder.embed(batch.stream().map(PendingChunk::text).toList())
                .flatMap(vectors -> chunks.store(jobId, batch, vectors, embedder.dimensions()))
                .map(Long::intValue);
    }

    /** How many of the job's chunks have a vector. */
    public Mono<Integer> countVectors(UUID jobId) {
        return chunks.countWithVector(jobId);
    }

    /** The vectors of the job's chunks that have one, in document and chunk order. */
    public Flux<ChunkVector> vectors(UUID jobId) {
        return chunks.vectors(jobId);
    }

    /**
     * {@link #vectors} as JSON Lines, the {@code embeddings.jsonl} artifact: one
     * {@code {"document_index", "chunk_index", "embedding": [...]}} per line, streamed.
     */
    public Flux<DataBuffer> jsonLines(UUID jobId, JsonMapper json) {
        return vectors(jobId).map(vector -> JsonLines.line(json, line(vector)));
    }

    private static JsonNode line(ChunkVector vector) {
        ObjectNode node = JsonNodeFactory.instance
                .objectNode()
                .put("document_index", vector.documentIndex())
                .put("chunk_index", vector.chunkIndex());
        ArrayNode values = node.putArray("embedding");
        for (float value : vector.vector()) {
            values.add(value);
        }
        return node;
    }

    /**
     * The {@code owner}'s {@code limit} chunks nearest to {@code query}, best first; of
     * {@code jobIds} only, when given (ids of jobs the owner does not have match nothing, and an
     * empty list nothing at all). Chunks without a vector are not searched.
     */
    public Flux<SearchHit> search(String owner, String query, @Nullable List<UUID> jobIds, int limit) {
        if (query.isBlank() || query.length() > MAX_QUERY_LENGTH || limit < 1) {
            return Flux.error(new IllegalArgumentException("A query of 1 to " + MAX_QUERY_LENGTH
                    + " characters and a positive limit are needed, was " + query.length() + " and " + limit));
        }
        if (jobIds != null && jobIds.isEmpty()) {
            return Flux.empty();
        }
        return embedder.embed(List.of(query))
                .flatMapMany(vectors -> chunks.nearest(owner, vectors.getFirst(), jobIds, limit));
    }
}
