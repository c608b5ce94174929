package io.jobstream.embedding;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.embeddings.*}: the in-process embedding model.
 *
 * @param enabled false: the model is never loaded (a deployment may leave it out to save its
 *     memory and CPU); search and embedding then answer that embeddings are unavailable
 * @param threads how many calls of the model run at once on the instance (a job's batch, a
 *     search's query); ONNX Runtime spreads each over the cores, so a second thread adds no
 *     throughput: it lets a search go on while a job embeds
 * @param batchSize the chunks embedded, and written in one statement, at a time: a retry of a
 *     job redoes at most one batch
 */
@Validated
@ConfigurationProperties("jobstream.embeddings")
record EmbeddingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(1) @Max(16) int threads,
        @DefaultValue("32") @Min(1) @Max(1000) int batchSize) {}
