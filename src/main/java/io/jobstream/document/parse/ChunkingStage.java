package io.jobstream.document.parse;

import io.jobstream.document.Chunk;
import io.jobstream.document.Chunker;
import io.jobstream.document.ChunkingOptions;
import io.jobstream.document.DocumentStatus;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.system.JsonLines;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code chunking}: the pages of each parsed document are cut as the payload's
 * {@code chunking} says and the chunks kept ({@code document_chunks}); then all of them are
 * written, streamed, to {@code chunks.jsonl}. A document chunked by an earlier attempt is
 * not chunked again. Shared with the types whose completed documents keep their pages as
 * {@code parse} does ({@link ParsedPages} under {@code text_key}), such as {@code crawl}.
 */
@Component
public class ChunkingStage {

    private final JobDocuments documents;
    private final Chunker chunker;
    private final ParsedPages pages;
    private final JsonMapper json;

    ChunkingStage(JobDocuments documents, Chunker chunker, ParsedPages pages, JsonMapper json) {
        this.documents = documents;
        this.chunker = chunker;
        this.pages = pages;
        this.json = json;
    }

    Mono<JsonNode> run(StageContext context, ParseRequest request) {
        return run(context, request.chunking());
    }

    /** Chunks the job's completed documents not chunked yet; the output is {@code {"chunks": total}}. */
    public Mono<JsonNode> run(StageContext context, ChunkingOptions options) {
        return documents
                .all(context.jobId())
                .filter(document -> document.status() == DocumentStatus.COMPLETED && document.chunkCount() == null)
                .collectList()
                .flatMapMany(todo -> Flux.range(0, todo.size()).concatMap(i -> chunkOne(context, options, todo, i)))
                .then(context.saveArtifact(new Artifact("chunks.jsonl", "application/x-ndjson", jsonLines(context))))
                .then(documents
                        .all(context.jobId())
                        .mapNotNull(JobDocument::chunkCount)
                        .reduce(0, Integer::sum))
                .map(chunks -> (JsonNode) JsonNodeFactory.instance.objectNode().put("chunks", chunks));
    }

    private Mono<Void> chunkOne(StageContext context, ChunkingOptions options, List<JobDocument> todo, int position) {
        JobDocument document = todo.get(position);
        String message =
                "chunking document " + (document.index() + 1) + " (" + (position + 1) + "/" + todo.size() + ")";
        return context.report(new StageProgress(position * 100 / todo.size(), message, null))
                .then(pages.load(document.textKey()))
                .map(parsed -> chunker.chunk(document.index(), parsed, options))
                .flatMap(chunks -> documents
                        .saveChunks(context.jobId(), document.index(), chunks)
                        .then(documents.chunked(context.jobId(), document.index(), chunks.size())));
    }

    /** One JSON object per line and chunk, in document and chunk order, read from the database as written. */
    private Flux<DataBuffer> jsonLines(StageContext context) {
        return documents.chunks(context.jobId()).map(chunk -> JsonLines.line(json, line(chunk)));
    }

    private static JsonNode line(Chunk chunk) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("document_index", chunk.documentIndex())
                .put("chunk_index", chunk.chunkIndex())
                .put("text", chunk.text())
                .put("page_start", chunk.pageStart())
                .put("page_end", chunk.pageEnd())
                .put("char_start", chunk.charStart())
                .put("char_end", chunk.charEnd())
                .put("heading", chunk.heading());
    }
}
