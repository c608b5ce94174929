package io.jobstream.embedding;

import reactor.core.publisher.Mono;

/**
 * Told after each batch of a job's chunks is stored: how many of the {@code total} to embed are
 * done. The next batch waits for the answer, so a report may write (a job's progress event).
 */
@FunctionalInterface
public interface EmbeddingProgress {

    /** Reports nothing. */
    EmbeddingProgress NONE = (done, total) -> Mono.empty();

    Mono<Void> embedded(int done, int total);
}
