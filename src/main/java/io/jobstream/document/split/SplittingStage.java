package io.jobstream.document.split;

import io.jobstream.document.DocumentFailure;
import io.jobstream.document.DocumentOutcome;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.document.parse.DocumentSteps;
import io.jobstream.document.parse.TempFiles;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.parsing.IsolatedParser;
import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.SplitPart;
import io.jobstream.parsing.SplitPlanRejected;
import io.jobstream.parsing.SplitResult;
import io.jobstream.parsing.WrittenPart;
import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObjectNotFoundException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code splitting}: the staged PDF is cut by the isolated parser, and each part kept as an
 * artifact ({@code part-1.pdf}, …) as soon as it is written, with progress per part. The
 * document then completes, with its page and part counts. Any failure fails the job: it has one
 * document. A cancel or a crash leaves the document queued; the next attempt splits it again,
 * writing the same parts under the same names.
 */
@Component
class SplittingStage {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int READ_BUFFER = 64 * 1024;

    private final JobDocuments documents;
    private final IsolatedParser parser;
    private final Storage storage;
    private final DocumentSteps steps;
    private final SplitProperties properties;

    SplittingStage(
            JobDocuments documents,
            IsolatedParser parser,
            Storage storage,
            DocumentSteps steps,
            SplitProperties properties) {
        this.documents = documents;
        this.parser = parser;
        this.storage = storage;
        this.steps = steps;
        this.properties = properties;
    }

    Mono<JsonNode> run(StageContext context, SplitPayload payload) {
        return documents
                .all(context.jobId())
                .next()
                .switchIfEmpty(
                        Mono.error(() -> new IllegalStateException("job " + context.jobId() + " has no document")))
                .flatMap(document -> splitOne(context, payload, document));
    }

    private Mono<JsonNode> splitOne(StageContext context, SplitPayload payload, JobDocument document) {
        return Mono.usingWhen(
                        documents.start(context.jobId(), document.index()).thenReturn(document),
                        started -> splitStarted(context, payload, started),
                        started -> Mono.empty(),
                        (started, error) -> Mono.empty(),
                        // a cancel or a time limit stopped it: it waits again
                        started -> documents.requeue(context.jobId(), started.index()))
                .onErrorMap(ParseFailure.class, SplittingStage::asDocumentFailure)
                .onErrorMap(
                        SplitPlanRejected.class,
                        rejected -> new DocumentFailure(ErrorCode.VALIDATION_ERROR, rejected.getMessage()))
                .onErrorMap(
                        StoredObjectNotFoundException.class,
                        gone -> new DocumentFailure(
                                ErrorCode.VALIDATION_ERROR, "the document's file was deleted before it was split"))
                .onErrorResume(
                        DocumentFailure.class,
                        failure -> steps.failed(context, document, failure, 100, true)
                                .then(Mono.empty()));
    }

    private Mono<JsonNode> splitStarted(StageContext context, SplitPayload payload, JobDocument document) {
        String filename = filename(document);
        String inputKey = Objects.requireNonNull(document.inputKey(), "the uploading stage staged the document");
        AtomicLong kept = new AtomicLong();
        // said at once: a parser process may take seconds to start
        return context.report(new StageProgress(0, "splitting " + filename, null))
                .then(TempFiles.using(
                        "jobstream-split-",
                        file -> storage.get(inputKey),
                        file -> parser.split(
                                file, filename, payload.plan(), part -> keep(context, filename, part, kept))))
                .flatMap(split -> documents
                        .complete(context.jobId(), document.index(), outcome(document, split))
                        .then(steps.ended(
                                context,
                                100,
                                "split " + filename + " into " + split.parts().size() + " part(s)"))
                        .thenReturn(result(filename, payload, split)));
    }

    /**
     * The part as an artifact, streamed from the child's file; then its progress report. A part
     * that would take the parts past {@code max-output-bytes} fails the split (and stops the child).
     */
    private Mono<Void> keep(StageContext context, String filename, WrittenPart written, AtomicLong kept) {
        SplitPart part = written.part();
        long limit = properties.maxOutputBytes().toBytes();
        if (kept.addAndGet(part.bytes()) > limit) {
            return Mono.error(new DocumentFailure(
                    ErrorCode.VALIDATION_ERROR,
                    "the parts of " + filename + " would take more than " + limit
                            + " bytes (jobstream.split.max-output-bytes) by part " + part.number() + " of "
                            + written.partCount() + ": its pages share large images or fonts, which every part"
                            + " carries; split it into fewer parts"));
        }
        Artifact artifact = new Artifact(
                part.name(),
                "application/pdf",
                DataBufferUtils.read(written.file(), DefaultDataBufferFactory.sharedInstance, READ_BUFFER));
        String message = "part " + part.number() + "/" + written.partCount() + " written: pages " + part.firstPage()
                + "-" + part.lastPage();
        return context.saveArtifact(artifact)
                .then(context.report(new StageProgress(part.number() * 100 / written.partCount(), message, null)));
    }

    private static String filename(JobDocument document) {
        return document.metadata() == null
                ? document.source().value()
                : document.metadata()
                        .path("filename")
                        .asString(document.source().value());
    }

    private static DocumentOutcome outcome(JobDocument document, SplitResult split) {
        ObjectNode metadata = document.metadata() instanceof ObjectNode known ? known.deepCopy() : JSON.objectNode();
        metadata.put("file_type", "application/pdf")
                .put("pages", split.pages())
                .put("parts", split.parts().size());
        // a split reads no text: no pages of text, nothing for chunking
        return new DocumentOutcome(metadata, JSON.arrayNode(), null);
    }

    private static JsonNode result(String filename, SplitPayload payload, SplitResult split) {
        ObjectNode result = JSON.objectNode()
                .put("filename", filename)
                .put("pages", split.pages())
                .put("mode", payload.plan().mode().name().toLowerCase(Locale.ROOT))
                .put("part_count", split.parts().size());
        var parts = result.putArray("parts");
        for (SplitPart part : split.parts()) {
            ObjectNode node = parts.addObject()
                    .put("name", part.name())
                    .put("first_page", part.firstPage())
                    .put("last_page", part.lastPage())
                    .put("pages", part.pages())
                    .put("bytes", part.bytes());
            if (part.title() != null) {
                node.put("title", part.title());
            }
        }
        return result;
    }

    private static DocumentFailure asDocumentFailure(ParseFailure failure) {
        ErrorCode code = failure.reason() == ParseFailure.Reason.TIMEOUT ? ErrorCode.TIMEOUT : ErrorCode.PARSE_ERROR;
        return new DocumentFailure(code, failure.getMessage());
    }
}
