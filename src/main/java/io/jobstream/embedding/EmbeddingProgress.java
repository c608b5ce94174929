package io.jobstream.embedding;

/** Told after each batch of a job's chunks is stored: how many of the {@code total} to embed are done. */
@FunctionalInterface
public interface EmbeddingProgress {

    /** Reports nothing. */
    EmbeddingProgress NONE = (done, total) -> {};

    void embedded(int done, int total);
}
