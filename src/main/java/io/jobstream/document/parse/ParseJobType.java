package io.jobstream.document.parse;

import io.jobstream.document.DocumentProperties;
import io.jobstream.document.DocumentRefs;
import io.jobstream.embedding.Embedder;
import io.jobstream.embedding.VectorizingStage;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import io.jobstream.parsing.IsolatedParser;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code parse} (also {@code document_processing} and {@code pdf}, the seed APIs' names):
 * documents, uploaded or by URL or inline, read into text page by page (with OCR where the
 * payload asks or a page has no text), cut into chunks and, on request, embedded. Stages:
 * {@code uploading}, {@code parsing} (reported as {@code ocr} while it reads pages by OCR),
 * {@code chunking}, and {@code vectorizing} with {@code embed}. Each document succeeds or
 * fails alone; the job completes when at least one succeeded.
 */
@Component
class ParseJobType implements JobType {

    private static final JsonNode SCHEMA = JobType.readResource(ParseJobType.class, "payload.schema.json");

    private final UploadingStage uploading;
    private final ParsingStage parsing;
    private final ChunkingStage chunking;
    private final VectorizingStage vectorizing;
    private final ParseResult result;
    private final IsolatedParser parser;
    private final Embedder embedder;
    private final DocumentProperties properties;

    ParseJobType(
            UploadingStage uploading,
            ParsingStage parsing,
            ChunkingStage chunking,
            VectorizingStage vectorizing,
            ParseResult result,
            IsolatedParser parser,
            Embedder embedder,
            DocumentProperties properties) {
        this.uploading = uploading;
        this.parsing = parsing;
        this.chunking = chunking;
        this.vectorizing = vectorizing;
        this.result = result;
        this.parser = parser;
        this.embedder = embedder;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public List<String> aliases() {
        return List.of("document_processing", "pdf");
    }

    @Override
    public String description() {
        return "Reads documents (PDF, DOCX, PPTX, XLSX, ODT, HTML, EML, RTF, text, Markdown; images by OCR) into text"
                + " page by page, cuts it into chunks for search and LLMs, and on request embeds them. Each document"
                + " succeeds or fails alone.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("uploading", "parsing", "ocr", "chunking", "vectorizing");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        List<Violation> violations = new ArrayList<>(DocumentPayloads.check(payload, properties.maxPerJob()));
        violations.addAll(DocumentPayloads.checkChunking(payload, embedder));
        return violations;
    }

    @Override
    public Map<String, UUID> fileReferences(JsonNode payload) {
        return DocumentRefs.fileReferences(payload);
    }

    @Override
    public Duration stageTimeout(JsonNode payload) {
        return DocumentPayloads.stageTimeout(payload);
    }

    @Override
    public Duration jobTimeout(JsonNode payload) {
        return DocumentPayloads.jobTimeout(payload);
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        ParseRequest request = ParseRequest.of(payload);
        List<Stage> stages = new ArrayList<>(List.of(
                new Stage("uploading", context -> uploading.run(context, request)),
                new Stage("parsing", context -> parsing.run(context, request))));
        if (request.embed()) {
            stages.add(new Stage("chunking", context -> chunking.run(context, request)));
            stages.add(new Stage(
                    "vectorizing",
                    last(context -> vectorizing
                            .run(context, context.jobId())
                            .map(embedded ->
                                    JsonNodeFactory.instance.objectNode().put("embedded", embedded)))));
        } else {
            stages.add(new Stage("chunking", last(context -> chunking.run(context, request))));
        }
        return stages;
    }

    /** The last stage's output is the job's result. */
    private Function<StageContext, Mono<JsonNode>> last(Function<StageContext, Mono<JsonNode>> work) {
        return context -> work.apply(context).then(result.of(context.jobId()));
    }

    /** Whether OCR is installed here and in which languages, and whether embeddings are. */
    @Override
    public Mono<JsonNode> capabilities() {
        return parser.ocrSupport().map(ocr -> {
            ObjectNode capabilities = DocumentPayloads.capabilities(ocr);
            capabilities.putObject("embeddings").put("available", embedder.available());
            return capabilities;
        });
    }
}
