package io.jobstream.document.extract;

import io.jobstream.document.DocumentProperties;
import io.jobstream.document.DocumentRefs;
import io.jobstream.document.parse.DocumentPayloads;
import io.jobstream.document.parse.ParsingStage;
import io.jobstream.document.parse.UploadingStage;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.parsing.IsolatedParser;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code extract}: fields read from documents by a template (built in, or the payload's own),
 * with no language model. Stages: {@code uploading} and {@code parsing}, those of
 * {@code parse} (reported as {@code ocr} while it reads pages by OCR), then
 * {@code extracting}. Each document succeeds or fails alone; the job completes when at least
 * one succeeded.
 */
@Component
class ExtractJobType implements JobType {

    /** The fields that name the documents and say how to read them, taken as they are from parse's schema. */
    private static final List<String> FROM_PARSE = List.of(
            "documents", "input_url", "extraction_method", "ocr_languages", "page_range", "max_pages", "fail_fast");

    private static final JsonNode SCHEMA = schema();
    /** As parse: a stage's time limit grows with the documents it reads. */
    private static final Duration BASE_TIMEOUT = Duration.ofMinutes(30);

    private static final Duration PER_DOCUMENT = Duration.ofMinutes(10);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(48);

    private final UploadingStage uploading;
    private final ParsingStage parsing;
    private final ExtractingStage extracting;
    private final IsolatedParser parser;
    private final DocumentProperties properties;

    ExtractJobType(
            UploadingStage uploading,
            ParsingStage parsing,
            ExtractingStage extracting,
            IsolatedParser parser,
            DocumentProperties properties) {
        this.uploading = uploading;
        this.parsing = parsing;
        this.extracting = extracting;
        this.parser = parser;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "extract";
    }

    @Override
    public String description() {
        return "Reads fields (strings, numbers, dates, money) from documents with a template: invoice, receipt or"
                + " your own, each field found by a regular expression or a label. No language model. Each document"
                + " succeeds or fails alone; one without a required field fails with VALIDATION_ERROR.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("uploading", "parsing", "ocr", "extracting");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        List<Violation> violations = new ArrayList<>(DocumentPayloads.check(payload, properties.maxPerJob()));
        violations.addAll(Templates.of(payload).violations());
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
        ExtractRequest request = ExtractRequest.of(payload);
        return List.of(
                new Stage("uploading", context -> uploading.run(context, request.documents())),
                new Stage("parsing", context -> parsing.run(context, request.documents())),
                new Stage("extracting", context -> extracting.run(context, request)));
    }

    /** Whether OCR is installed here and in which languages (scans need it), and the built-in templates. */
    @Override
    public Mono<JsonNode> capabilities() {
        return parser.ocrSupport().map(ocr -> {
            ObjectNode capabilities = DocumentPayloads.capabilities(ocr);
            Templates.names().forEach(capabilities.putArray("templates")::add);
            return capabilities;
        });
    }

    /** This type's own fields, after the document fields of parse's schema. */
    private static JsonNode schema() {
        ObjectNode own = (ObjectNode) JobType.readResource(ExtractJobType.class, "payload.schema.json");
        JsonNode parse = JobType.readResource(ExtractJobType.class, "/io/jobstream/document/parse/payload.schema.json");
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (String name : FROM_PARSE) {
            JsonNode property = parse.path("properties").get(name);
            if (property == null) {
                throw new IllegalStateException("parse's payload schema has no " + name + " any more");
            }
            properties.set(name, property);
        }
        properties.setAll((ObjectNode) own.get("properties"));
        own.set("properties", properties);
        return own;
    }
}
