package io.jobstream.embedding;

import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code vectorizing} stage of the job types that embed ({@code parse} with {@code embed},
 * {@code embed}): every chunk of a job gets its vector, batch by batch (a resumed job embeds
 * only what is left), searchable with {@code POST /api/search}; then all of them are written
 * to the stage's job as {@code embeddings.jsonl}.
 */
@Component
public class VectorizingStage {

    private final ChunkEmbeddings embeddings;
    private final JsonMapper json;

    VectorizingStage(ChunkEmbeddings embeddings, JsonMapper json) {
        this.embeddings = embeddings;
        this.json = json;
    }

    /** Embeds the chunks of the job {@code chunksOf} (the stage's own, or another); how many it embedded now. */
    public Mono<Integer> run(StageContext context, UUID chunksOf) {
        return embeddings
                .embedChunks(
                        chunksOf,
                        (done, total) -> context.report(new StageProgress(
                                done * 100 / total, "embedded " + done + "/" + total + " chunks", null)))
                .flatMap(embedded -> context.saveArtifact(new Artifact(
                                "embeddings.jsonl", "application/x-ndjson", embeddings.jsonLines(chunksOf, json)))
                        .thenReturn(embedded));
    }
}
