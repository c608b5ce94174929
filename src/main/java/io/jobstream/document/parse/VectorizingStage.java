package io.jobstream.document.parse;

import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.embedding.ChunkVector;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
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
                .flatMap(embedded -> context.saveArtifact(
                                new Artifact("embeddings.jsonl", "application/x-ndjson", jsonLines(context)))
                        .thenReturn(
                                (JsonNode) JsonNodeFactory.instance.objectNode().put("embedded", embedded)));
    }

    private Flux<DataBuffer> jsonLines(StageContext context) {
        return embeddings
                .vectors(context.jobId())
                .map(vector -> DefaultDataBufferFactory.sharedInstance.wrap(line(vector)));
    }

    private byte[] line(ChunkVector vector) {
        var node = JsonNodeFactory.instance
                .objectNode()
                .put("document_index", vector.documentIndex())
                .put("chunk_index", vector.chunkIndex());
        var values = node.putArray("embedding");
        for (float value : vector.vector()) {
            values.add(value);
        }
        return JsonLines.line(json, node);
    }
}
