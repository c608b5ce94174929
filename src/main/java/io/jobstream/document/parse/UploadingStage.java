package io.jobstream.document.parse;

import io.jobstream.document.DocumentFailure;
import io.jobstream.document.DocumentInputs;
import io.jobstream.document.DocumentRef;
import io.jobstream.document.DocumentStatus;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.document.StagedInput;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code uploading}: the job's documents are listed ({@code job_documents}) and each one's
 * bytes brought into storage: files checked, URLs fetched, inline content decoded. A
 * document staged by an earlier attempt is not fetched again. Other document job types
 * ({@code split}) stage their documents with it too.
 */
@Component
public class UploadingStage {

    private final JobDocuments documents;
    private final DocumentInputs inputs;
    private final DocumentSteps steps;

    UploadingStage(JobDocuments documents, DocumentInputs inputs, DocumentSteps steps) {
        this.documents = documents;
        this.inputs = inputs;
        this.steps = steps;
    }

    public Mono<JsonNode> run(StageContext context, ParseRequest request) {
        return run(context, request.documents(), request.failFast());
    }

    /** Stages {@code refs}, the job's documents; with {@code failFast} the first that cannot be had fails the job. */
    public Mono<JsonNode> run(StageContext context, List<DocumentRef> refs, boolean failFast) {
        int total = refs.size();
        return documents
                .register(
                        context.jobId(), refs.stream().map(DocumentRef::source).toList())
                .then(steps.ended(context, 0, "uploading " + total + " document(s)"))
                .thenMany(documents.all(context.jobId()))
                .filter(document -> document.status() == DocumentStatus.QUEUED && document.inputKey() == null)
                .concatMap(document -> stage(context, failFast, document, refs.get(document.index()), total))
                .then(steps.counts(context))
                .map(counts -> (JsonNode) JsonNodeFactory.instance
                        .objectNode()
                        .put("documents", counts.total())
                        .put("failed_count", counts.failed()));
    }

    private Mono<Void> stage(StageContext context, boolean failFast, JobDocument document, DocumentRef ref, int total) {
        int percent = document.index() * 100 / total;
        String message = "uploading document " + (document.index() + 1) + "/" + total;
        return context.report(new StageProgress(percent, message, null))
                .then(inputs.stage(context.jobId(), context.owner(), document.index(), ref))
                .flatMap(staged -> documents.staged(
                        context.jobId(), document.index(), staged.storageKey(), staged.contentType(), metadata(staged)))
                .onErrorResume(
                        DocumentFailure.class, failure -> steps.failed(context, document, failure, percent, failFast));
    }

    private static JsonNode metadata(StagedInput staged) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("filename", staged.filename())
                .put("bytes", staged.bytes())
                .put("sha256", staged.sha256());
    }
}
