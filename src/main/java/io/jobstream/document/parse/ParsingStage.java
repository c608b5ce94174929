package io.jobstream.document.parse;

import io.jobstream.document.Chunker;
import io.jobstream.document.DocumentFailure;
import io.jobstream.document.DocumentOutcome;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.job.JobArtifacts;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.parsing.IsolatedParser;
import io.jobstream.parsing.ParseEvent;
import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.ParsedDocument;
import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObjectNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code parsing}: each staged document not finished by an earlier attempt is read by the
 * isolated parser, one after the other, with progress per page ({@code ocr} pages shown as
 * such). Its pages are stored for the chunking stage, its text kept as an artifact
 * ({@code document-<index>.txt}), its images too when asked, and the document is completed:
 * that is its checkpoint. A document the parser cannot read fails alone; a job whose
 * documents all failed fails here.
 */
@Component
public class ParsingStage {

    private final JobDocuments documents;
    private final IsolatedParser parser;
    private final Storage storage;
    private final DocumentSteps steps;
    private final ParsedPages pages;
    private final JsonMapper json;

    ParsingStage(
            JobDocuments documents,
            IsolatedParser parser,
            Storage storage,
            DocumentSteps steps,
            ParsedPages pages,
            JsonMapper json) {
        this.documents = documents;
        this.parser = parser;
        this.storage = storage;
        this.steps = steps;
        this.pages = pages;
        this.json = json;
    }

    public Mono<JsonNode> run(StageContext context, ParseRequest request) {
        return documents
                .all(context.jobId())
                .filter(document ->
                        document.inputKey() != null && !document.status().isFinal())
                .collectList()
                .flatMapMany(todo -> Flux.range(0, todo.size()).concatMap(i -> parseOne(context, request, todo, i)))
                .then(steps.counts(context))
                .flatMap(counts -> counts.processed() == 0
                        ? allFailed(context, counts.total())
                        : Mono.just((JsonNode) JsonNodeFactory.instance
                                .objectNode()
                                .put("processed_count", counts.processed())
                                .put("failed_count", counts.failed())));
    }

    private Mono<JsonNode> allFailed(StageContext context, int total) {
        return documents
                .all(context.jobId())
                .filter(document -> document.errorCode() != null)
                .next()
                .flatMap(first -> Mono.error(new JobFailure(
                        ErrorCode.valueOf(first.errorCode()),
                        "all " + total + " document(s) failed; the first: " + first.error(),
                        false)));
    }

    private Mono<Void> parseOne(StageContext context, ParseRequest request, List<JobDocument> todo, int position) {
        JobDocument document = todo.get(position);
        Position where = new Position(document.index(), position, todo.size());
        return Mono.usingWhen(
                        documents.start(context.jobId(), document.index()).thenReturn(document),
                        started -> parseStarted(context, request, started, where),
                        started -> Mono.empty(),
                        (started, error) -> Mono.empty(),
                        // a cancel or a time limit stopped it: it waits again, as those not reached do
                        started -> documents.requeue(context.jobId(), started.index()))
                .onErrorMap(ParseFailure.class, ParsingStage::asDocumentFailure)
                .onErrorMap(
                        StoredObjectNotFoundException.class,
                        gone -> new DocumentFailure(
                                ErrorCode.VALIDATION_ERROR, "the document's file was deleted before it was read"))
                .onErrorResume(
                        DocumentFailure.class,
                        failure -> steps.failed(context, request, document, failure, where.percent(1, 1)));
    }

    private Mono<Void> parseStarted(StageContext context, ParseRequest request, JobDocument document, Position where) {
        // said at once: the first document of a job may wait seconds for a parser process to start
        StageProgress reading = new StageProgress(where.percent(0, 1), "reading document " + where, null);
        return context.report(reading)
                .then(TempFiles.using(
                        "jobstream-document-",
                        file -> storage.get(document.inputKey()),
                        file -> read(context, request, document, file, where)))
                .flatMap(parsed -> keep(context, document, parsed))
                .then(steps.ended(context, where.percent(1, 1), "parsed document " + where));
    }

    private Mono<ParsedDocument> read(
            StageContext context, ParseRequest request, JobDocument document, Path file, Position where) {
        String filename = document.metadata() == null
                ? document.source().value()
                : document.metadata()
                        .path("filename")
                        .asString(document.source().value());
        return parser.parse(file, request.options(filename, document.inputType()))
                .concatMap(event -> switch (event) {
                    case ParseEvent.PageProgress page ->
                        context.report(progress(page, where)).then(Mono.<ParsedDocument>empty());
                    case ParseEvent.Parsed parsed -> Mono.just(parsed.document());
                })
                // not next(): it cancels the parse at its last event, and a cancelled parse kills its
                // child, so every document would wait for a new parser JVM to start
                .single();
    }

    private static StageProgress progress(ParseEvent.PageProgress page, Position where) {
        int percent = where.percent(page.page(), page.pages());
        return page.phase() == ParseEvent.Phase.OCR
                ? new StageProgress(
                        percent, "ocr page " + page.page() + "/" + page.pages() + " of document " + where, null, "ocr")
                : new StageProgress(
                        percent, "parsing document " + where + ": page " + page.page() + "/" + page.pages(), null);
    }

    /** The parser's pages in storage, the text and images as artifacts, the document completed. */
    private Mono<Void> keep(StageContext context, JobDocument document, ParsedDocument parsed) {
        String pagesKey = JobArtifacts.prefix(context.jobId()) + "documents/" + document.index() + ".pages.json";
        byte[] text = Chunker.documentText(parsed.pages()).getBytes(StandardCharsets.UTF_8);
        Mono<Void> kept = pages.store(pagesKey, parsed.pages())
                .then(context.saveArtifact(
                        Artifact.of("document-" + document.index() + ".txt", "text/plain; charset=utf-8", text)))
                .then(Assets.save(context, document.index(), parsed.assets()))
                .then(documents.complete(context.jobId(), document.index(), outcome(document, parsed, pagesKey)));
        return Mono.usingWhen(Mono.just(parsed.assets()), assets -> kept, Assets::delete);
    }

    private DocumentOutcome outcome(JobDocument document, ParsedDocument parsed, String pagesKey) {
        var metadata = document.metadata() == null
                ? JsonNodeFactory.instance.objectNode()
                : document.metadata().deepCopy();
        if (metadata instanceof tools.jackson.databind.node.ObjectNode object) {
            object.put("file_type", parsed.metadata().fileType())
                    .put("pages", parsed.metadata().pages())
                    .put("title", parsed.metadata().title())
                    .put("author", parsed.metadata().author())
                    .put("language", parsed.metadata().language());
        }
        var pageList = JsonNodeFactory.instance.arrayNode();
        parsed.pages()
                .forEach(page -> pageList.add(JsonNodeFactory.instance
                        .objectNode()
                        .put("page", page.number())
                        .put("characters", page.text().length())
                        .put("ocr", page.ocr())));
        return new DocumentOutcome(metadata, pageList, pagesKey);
    }

    private static DocumentFailure asDocumentFailure(ParseFailure failure) {
        ErrorCode code = switch (failure.reason()) {
            case UNREADABLE, TOO_LARGE -> ErrorCode.PARSE_ERROR;
            case OCR -> ErrorCode.OCR_ERROR;
            case TIMEOUT -> ErrorCode.TIMEOUT;
        };
        return new DocumentFailure(code, failure.getMessage());
    }

    /** Where a document is in this stage's work: {@code position} of {@code count}; shown as its number in the job. */
    private record Position(int index, int position, int count) {

        /** The stage's percent with this document {@code done} of {@code of} through. */
        int percent(int done, int of) {
            double through = of == 0 ? 1 : Math.min(1.0, (double) done / of);
            return (int) Math.min(100, (position + through) * 100 / count);
        }

        @Override
        public String toString() {
            return (index + 1) + " (" + (position + 1) + "/" + count + ")";
        }
    }
}
