/**
 * Embeddings and semantic search over the chunks of documents. {@link
 * io.jobstream.embedding.Embedder} is the one adapter of the embedding model (quantized
 * all-MiniLM-L6-v2, 384 dimensions, in-process on CPU, shipped inside a Maven artifact): it
 * loads the model once, on first use, and runs inference on a small scheduler of its own, never
 * on an event loop. {@link io.jobstream.embedding.ChunkEmbeddings} stores the vectors of a job's
 * chunks ({@code document_chunks.embedding}, {@code real[]}) and finds a caller's chunks nearest
 * to a query.
 *
 * <p>Vectors are unit length, so the dot product is the cosine similarity. PostgreSQL computes
 * it per chunk of the caller's jobs (an exact scan, no index): fine for tens of thousands of
 * chunks per owner; where the operator's PostgreSQL has pgvector, a {@code vector(384)} column
 * with an HNSW index would make it an approximate index scan ({@code docs/search.md}).
 *
 * <p>{@code jobstream.embeddings.enabled=false} leaves the model out: nothing loads, and
 * every request for a vector fails with {@link io.jobstream.embedding.EmbeddingsUnavailableException}.
 */
@NullMarked
package io.jobstream.embedding;

import org.jspecify.annotations.NullMarked;
