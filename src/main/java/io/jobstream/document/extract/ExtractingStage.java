package io.jobstream.document.extract;

import io.jobstream.document.DocumentFailure;
import io.jobstream.document.DocumentStatus;
import io.jobstream.document.JobDocument;
import io.jobstream.document.JobDocuments;
import io.jobstream.document.parse.DocumentSteps;
import io.jobstream.document.parse.ParsedPages;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.DocumentCounts;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.system.JsonLines;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code extracting}: the template is applied to the pages the parsing stage kept for each
 * completed document, one document after the other, off the event loop and under the rule
 * time limit. A document without a required field fails alone with {@code VALIDATION_ERROR}
 * (or fails the job with {@code fail_fast}); a job whose documents all failed fails here. The
 * stage keeps nothing of its own between attempts: it is cheap next to parsing, so a retried
 * stage reads the completed documents again and gets the same values.
 */
@Component
class ExtractingStage {

    private final JobDocuments documents;
    private final ParsedPages pages;
    private final DocumentSteps steps;
    private final ExtractProperties properties;
    private final JsonMapper json;

    ExtractingStage(
            JobDocuments documents,
            ParsedPages pages,
            DocumentSteps steps,
            ExtractProperties properties,
            JsonMapper json) {
        this.documents = documents;
        this.pages = pages;
        this.steps = steps;
        this.properties = properties;
        this.json = json;
    }

    Mono<JsonNode> run(StageContext context, ExtractRequest request) {
        return documents
                .all(context.jobId())
                .collectList()
                .flatMapMany(all -> Flux.range(0, all.size()).concatMap(i -> extractOne(context, request, all, i)))
                .collectList()
                .flatMap(lines -> context.saveArtifact(artifact(lines))
                        .then(steps.counts(context))
                        .flatMap(counts -> result(request, counts, lines)));
    }

    private Mono<ObjectNode> extractOne(
            StageContext context, ExtractRequest request, List<JobDocument> all, int position) {
        JobDocument document = all.get(position);
        String textKey = document.textKey();
        if (document.status() != DocumentStatus.COMPLETED || textKey == null) {
            return Mono.just(ExtractedDocuments.asListed(document));
        }
        int percent = position * 100 / all.size();
        String where = (document.index() + 1) + " (" + (position + 1) + "/" + all.size() + ")";
        return context.report(new StageProgress(percent, "extracting fields of document " + where, null))
                .then(pages.load(textKey))
                .flatMap(parsed -> extract(request.template(), parsed))
                .map(ExtractingStage::checked)
                .map(extraction -> ExtractedDocuments.completed(document, extraction))
                .onErrorResume(DocumentFailure.class, failure -> failed(context, request, document, failure, percent));
    }

    private Mono<ObjectNode> failed(
            StageContext context, ExtractRequest request, JobDocument document, DocumentFailure failure, int percent) {
        return steps.failed(context, request.documents(), document, failure, percent)
                .thenReturn(ExtractedDocuments.failed(document, failure.code().name(), failure.getMessage()));
    }

    /**
     * The template applied on a {@code boundedElastic} thread. A cancel sets a flag that the
     * matcher's deadline reads, so the thread is given back at once rather than when the rule
     * time limit passes; the stopped extraction ends empty.
     */
    private Mono<Extraction> extract(Template template, List<ParsedPage> parsed) {
        return Mono.defer(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            return Mono.fromCallable(() -> extractUnlessCancelled(template, parsed, cancelled))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnCancel(() -> cancelled.set(true));
        });
    }

    private @Nullable Extraction extractUnlessCancelled(
            Template template, List<ParsedPage> parsed, AtomicBoolean cancelled) {
        try {
            return Extractor.extract(template, parsed, () -> Deadline.in(properties.ruleTimeout(), cancelled::get));
        } catch (CancellationException e) {
            return null;
        }
    }

    /** @throws DocumentFailure naming the required fields the document lacks */
    private static Extraction checked(Extraction extraction) {
        List<String> missing = extraction.missingRequired();
        if (missing.isEmpty()) {
            return extraction;
        }
        String fields = missing.size() == 1 ? "field " : "fields ";
        throw new DocumentFailure(
                ErrorCode.VALIDATION_ERROR, "missing required " + fields + String.join(", ", missing));
    }

    private Artifact artifact(List<ObjectNode> lines) {
        return new Artifact(
                "extracted.jsonl",
                "application/x-ndjson",
                Flux.fromIterable(lines).map(line -> JsonLines.line(json, line)));
    }

    private static Mono<JsonNode> result(ExtractRequest request, DocumentCounts counts, List<ObjectNode> lines) {
        if (counts.processed() > 0) {
            return Mono.just(ExtractedDocuments.result(request.template(), counts, lines));
        }
        ObjectNode first = lines.stream()
                .filter(line -> !line.path("error_code").isNull())
                .findFirst()
                .orElseThrow();
        return Mono.error(new JobFailure(
                ErrorCode.valueOf(first.get("error_code").asString()),
                "all " + counts.total() + " document(s) failed; the first: "
                        + first.get("error").asString(),
                false));
    }
}
