package io.jobstream.embedding;

import io.jobstream.system.SqlConditions;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for the vectors of chunks ({@code document_chunks.embedding}, {@code real[]}, V12): which
 * chunks of a job still need one, storing a batch of them, and the nearest chunks to a query.
 */
@Repository
class ChunkEmbeddingRepository {

    private final DatabaseClient db;

    ChunkEmbeddingRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A chunk whose vector is still to be computed. */
    record PendingChunk(int documentIndex, int chunkIndex, String text) {}

    Mono<Integer> countWithoutVector(UUID jobId) {
        return db.sql("select count(*)::int as pending from document_chunks where job_id = :job and embedding is null")
                .bind("job", jobId)
                .map(row -> row.get("pending", Integer.class))
                .one();
    }

    Mono<Integer> countWithVector(UUID jobId) {
        return db.sql(
                        "select count(*)::int as embedded from document_chunks where job_id = :job and embedding is not null")
                .bind("job", jobId)
                .map(row -> row.get("embedded", Integer.class))
                .one();
    }

    Flux<ChunkVector> vectors(UUID jobId) {
        return db.sql("""
                        select document_index, chunk_index, embedding from document_chunks
                        where job_id = :job and embedding is not null
                        order by document_index, chunk_index""")
                .bind("job", jobId)
                .map(row -> new ChunkVector(
                        row.get("document_index", Integer.class),
                        row.get("chunk_index", Integer.class),
                        unboxed(row.get("embedding", Float[].class))))
                .all();
    }

    private static float[] unboxed(Float[] boxed) {
        float[] vector = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            vector[i] = boxed[i];
        }
        return vector;
    }

    /** The job's first {@code limit} chunks without a vector, in document and chunk order. */
    Flux<PendingChunk> withoutVector(UUID jobId, int limit) {
        return db.sql("""
                        select document_index, chunk_index, text from document_chunks
                        where job_id = :job and embedding is null
                        order by document_index, chunk_index
                        limit :limit""")
                .bind("job", jobId)
                .bind("limit", limit)
                .map(row -> new PendingChunk(
                        row.get("document_index", Integer.class),
                        row.get("chunk_index", Integer.class),
                        row.get("text", String.class)))
                .all();
    }

    /**
     * Stores the vectors of {@code chunks} (in the same order) in one statement: the vectors
     * travel as one flat array, and chunk {@code n} takes its slice. A chunk that has a vector
     * already keeps it. The number of chunks updated.
     */
    Mono<Long> store(UUID jobId, List<PendingChunk> chunks, List<float[]> vectors, int dimensions) {
        Float[] flat = new Float[chunks.size() * dimensions];
        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = vectors.get(i);
            for (int j = 0; j < dimensions; j++) {
                flat[i * dimensions + j] = vector[j];
            }
        }
        return db.sql("""
                        update document_chunks c
                        set embedding = (:vectors::real[])[(v.n - 1) * :dimensions + 1 : v.n * :dimensions]
                        from unnest(:documents::int[], :chunks::int[]) with ordinality as v(document_index, chunk_index, n)
                        where c.job_id = :job and c.document_index = v.document_index
                          and c.chunk_index = v.chunk_index and c.embedding is null""")
                .bind("job", jobId)
                .bind("vectors", flat)
                .bind("dimensions", dimensions)
                .bind(
                        "documents",
                        chunks.stream().map(PendingChunk::documentIndex).toArray(Integer[]::new))
                .bind("chunks", chunks.stream().map(PendingChunk::chunkIndex).toArray(Integer[]::new))
                .fetch()
                .rowsUpdated();
    }

    /**
     * The {@code owner}'s chunks nearest to {@code query}, best first: the dot product of unit
     * vectors (the cosine), computed for every chunk with a vector of the owner's jobs (of
     * {@code jobIds} only, when given; other owners' ids match nothing). A vector of another
     * length scores 0. An exact scan, and linear in the owner's chunks: EXPLAIN ANALYZE with
     * 20,000 chunks of one owner among 40,000 shows a hash join of the owner's jobs with the
     * chunks and a top-N heapsort; 1.4 to 3.7 s on this two-core machine while other builds kept
     * it busy (load 12), nearly all of it the 20,000 products (unnest and sum, 0.06 to 0.18 ms
     * each). With pgvector this would be an index scan (docs/search.md).
     */
    Flux<SearchHit> nearest(String owner, float[] query, @Nullable List<UUID> jobIds, int limit) {
        Float[] vector = new Float[query.length];
        for (int i = 0; i < query.length; i++) {
            vector[i] = query[i];
        }
        SqlConditions where = new SqlConditions("j.owner = :owner and c.embedding is not null")
                .where("c.job_id = any(:jobs)", "jobs", jobIds == null ? null : jobIds.toArray(UUID[]::new));
        var spec = db.sql("""
                        select c.text, c.job_id, c.document_index, c.chunk_index, c.page_start, c.page_end, c.heading,
                               coalesce((select sum(a::float8 * b) from unnest(c.embedding, :query::real[]) as v(a, b)),
                                        0) as score
                        from document_chunks c
                        join jobs j on j.id = c.job_id
                        where %s
                        order by score desc, c.job_id, c.document_index, c.chunk_index
                        limit :limit""".formatted(where.sql()))
                .bind("owner", owner)
                .bind("query", vector)
                .bind("limit", limit);
        return where.bindTo(spec)
                .map(row -> new SearchHit(
                        row.get("text", String.class),
                        row.get("score", Double.class),
                        row.get("job_id", UUID.class),
                        row.get("document_index", Integer.class),
                        row.get("chunk_index", Integer.class),
                        row.get("page_start", Integer.class),
                        row.get("page_end", Integer.class),
                        row.get("heading", String.class)))
                .all();
    }
}
