package io.jobstream.document.split;

import io.jobstream.document.DocumentRefs;
import io.jobstream.document.parse.UploadingStage;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.parsing.IsolatedParser;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code split}: one PDF (uploaded, by URL or inline) cut into several, every N pages, at page
 * ranges or at its top-level bookmarks; each part an artifact. Stages: {@code uploading} (the
 * one {@code parse} has) and {@code splitting}.
 */
@Component
class SplitJobType implements JobType {

    private static final JsonNode SCHEMA = JobType.readResource(SplitJobType.class, "payload.schema.json");
    /** The parser's time limit bounds its child's work; this bounds keeping the parts too (thousands of them). */
    private static final Duration STAGE_TIMEOUT = Duration.ofHours(1);

    private final UploadingStage uploading;
    private final SplittingStage splitting;
    private final IsolatedParser parser;

    SplitJobType(UploadingStage uploading, SplittingStage splitting, IsolatedParser parser) {
        this.uploading = uploading;
        this.splitting = splitting;
        this.parser = parser;
    }

    @Override
    public String name() {
        return "split";
    }

    @Override
    public String description() {
        return "Cuts one PDF into several: every N pages, at page ranges, or at its top-level bookmarks. Each part is"
                + " an artifact (part-1.pdf, part-2.pdf, …); the result lists their pages and sizes.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("uploading", "splitting");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        return SplitPayload.check(payload, parser.maxPages());
    }

    @Override
    public Map<String, UUID> fileReferences(JsonNode payload) {
        return DocumentRefs.fileReference(payload.path("document"), "payload.document");
    }

    @Override
    public Duration stageTimeout(JsonNode payload) {
        return STAGE_TIMEOUT;
    }

    @Override
    public Duration jobTimeout(JsonNode payload) {
        return STAGE_TIMEOUT.multipliedBy(3);
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        SplitPayload split = SplitPayload.of(payload);
        return List.of(
                // one document: if it cannot be had, the job fails with it
                new Stage("uploading", context -> uploading.run(context, List.of(split.document()), true)),
                new Stage("splitting", context -> splitting.run(context, split)));
    }
}
