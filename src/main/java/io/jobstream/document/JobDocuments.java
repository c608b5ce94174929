package io.jobstream.document;

import io.jobstream.jobtype.DocumentCounts;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The documents of jobs: registered once when a job's work starts, then moved document by
 * document from {@code queued} through {@code processing} to {@code completed} or
 * {@code failed}. A finished document is its own checkpoint: the stages of a retried or
 * resumed job skip it. Reads for callers go through the job first (its owner decides who may
 * see its documents).
 */
@Service
public class JobDocuments {

    private final DocumentRepository documents;

    JobDocuments(DocumentRepository documents) {
        this.documents = documents;
    }

    /** Adds the job's documents in the order given; those already there (an earlier attempt) are kept as they are. */
    public Mono<Void> register(UUID jobId, List<DocumentSource> sources) {
        return documents.register(jobId, sources);
    }

    /**
     * Adds document {@code index} of the job, for types that find their documents as they go (a
     * crawl's pages): queued, from {@code source}. A row already at that index, left by work that
     * stopped before its checkpoint, is replaced.
     */
    public Mono<Void> add(UUID jobId, int index, DocumentSource source) {
        return documents.add(jobId, index, source);
    }

    /** Every document of the job, in order. */
    public Flux<JobDocument> all(UUID jobId) {
        return documents.all(jobId);
    }

    /** A page of the job's documents, in order; the caller has been shown the job. */
    public Flux<JobDocument> page(UUID jobId, int offset, int limit) {
        return documents.page(jobId, offset, limit);
    }

    public Mono<Void> start(UUID jobId, int index) {
        return documents.start(jobId, index);
    }

    /** Its work stopped before it ended (a cancel, a time limit): {@code processing} goes back to {@code queued}. */
    public Mono<Void> requeue(UUID jobId, int index) {
        return documents.requeue(jobId, index);
    }

    /** The uploading stage put the document's bytes under {@code inputKey}. */
    public Mono<Void> staged(UUID jobId, int index, String inputKey, String inputType, JsonNode metadata) {
        return documents.staged(jobId, index, inputKey, inputType, metadata);
    }

    /** The chunking stage kept the document's chunks. */
    public Mono<Void> chunked(UUID jobId, int index, int chunkCount) {
        return documents.chunked(jobId, index, chunkCount);
    }

    public Mono<Void> complete(UUID jobId, int index, DocumentOutcome outcome) {
        return documents.complete(jobId, index, outcome);
    }

    /** The document failed with {@code errorCode}; {@code metadata} is what was learnt before it failed, if anything. */
    public Mono<Void> fail(UUID jobId, int index, String errorCode, String error, @Nullable JsonNode metadata) {
        return documents.fail(jobId, index, errorCode, error, metadata);
    }

    public Mono<DocumentCounts> counts(UUID jobId) {
        return documents.counts(jobId);
    }

    /** Keeps the chunks of one document, replacing those of an earlier attempt. */
    public Mono<Void> saveChunks(UUID jobId, int documentIndex, List<Chunk> chunks) {
        return documents.saveChunks(jobId, documentIndex, chunks);
    }

    /** The chunks of all the job's documents, in order. */
    public Flux<Chunk> chunks(UUID jobId) {
        return documents.chunks(jobId);
    }
}
