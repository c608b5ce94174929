package io.jobstream.embedding;

/** The vector of one chunk (unit length), for the {@code embeddings.jsonl} artifact. */
public record ChunkVector(int documentIndex, int chunkIndex, float[] vector) {}
