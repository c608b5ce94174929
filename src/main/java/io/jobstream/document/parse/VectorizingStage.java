package io.jobstream.document.parse;

import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code vectorizing} (with {@code embed: true}): every chunk gets its vector, batch by batch
 * (a resumed job embeds only what is left), searchable with {@code POST /api/search}; then
 * all of them are written to {@code embeddings.jsonl}.
 */
@Component
class VectorizingStage {

    private final ChunkEmbeddings embeddings;
    private final JsonMapper json;

    VectorizingStage(ChunkEmbeddings embeddings, JsonMapper json) {
        this.embeddings = embeddings;
        this.json = json;
    }

    Mono<JsonNode> run(StageContext context) {
        return embeddings
                .embedChunks(
                        context.jobId(),
                        (done, total) -> context.report(new StageProgress(
                                done * 100 / total, "embedded " + done + "/" + total + " chunks", null)))
                .flatMap(embedded -> context.saveArtifact(new Artifact(
                                "embeddings.jsonl",
                                "application/x-ndjson",
                                embeddings.jsonLines(context.jobId(), json)))
                        .thenReturn(
                                (JsonNode) JsonNodeFactory.instance.objectNode().put("embedded", embedded)));
    }
}
