package io.jobstream.document.parse;

import io.jobstream.document.DocumentFailure;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.jobtype.DocumentCounts;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What every stage of {@code parse} does when one document ends: the job's counts move (an
 * event), and a failure is kept with the document, which fails the job only when it asked to
 * fail fast. Other document job types ({@code split}) end their documents the same way.
 */
@Component
public class DocumentSteps {

    private final JobDocuments documents;

    DocumentSteps(JobDocuments documents) {
        this.documents = documents;
    }

    /** Reports the job's counts after a document ended, with {@code message}. */
    public Mono<Void> ended(StageContext context, int percent, String message) {
        return documents
                .counts(context.jobId())
                .flatMap(counts -> context.report(new StageProgress(percent, message, counts)));
    }

    /** Keeps the failure with the document; with {@code fail_fast}, fails the job with it. */
    public Mono<Void> failed(
            StageContext context, ParseRequest request, JobDocument document, DocumentFailure failure, int percent) {
        return failed(context, document, failure, percent, request.failFast());
    }

    /** Keeps the failure with the document; with {@code failFast}, fails the job with it. */
    public Mono<Void> failed(
            StageContext context, JobDocument document, DocumentFailure failure, int percent, boolean failFast) {
        String message = "document " + (document.index() + 1) + " ("
                + document.source().value() + ") failed: " + failure.getMessage();
        Mono<Void> kept = documents
                .fail(context.jobId(), document.index(), failure.code().name(), failure.getMessage(), null)
                .then(ended(context, percent, message));
        return failFast ? kept.then(Mono.error(new JobFailure(failure.code(), message, false))) : kept;
    }

    /** The job's counts now. */
    public Mono<DocumentCounts> counts(StageContext context) {
        return documents.counts(context.jobId());
    }
}
