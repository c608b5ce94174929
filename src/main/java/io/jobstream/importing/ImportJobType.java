package io.jobstream.importing;

import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.system.Violation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code import}: a JSON Lines file of job submissions ({@code file_id}, uploaded by the
 * submitter) becomes one batch of jobs, as large as the file (up to
 * {@code jobstream.import.max-lines}), beyond the 1,000 of {@code POST /api/jobs/batch}. The
 * batch's id is the import job's. One stage, {@code importing} ({@link ImportingStage}).
 */
@Component
class ImportJobType implements JobType {

    private static final JsonNode SCHEMA = JobType.readResource(ImportJobType.class, "payload.schema.json");

    private final ImportingStage importing;

    ImportJobType(ImportingStage importing) {
        this.importing = importing;
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String description() {
        return "Creates one batch of jobs from an uploaded JSON Lines file, one POST /api/jobs body per line;"
                + " each line is checked as the API checks it, and bad lines are refused one by one"
                + " (listed in the result and in refused.jsonl).";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("importing");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        return fileId(payload) == null ? List.of(new Violation("payload.file_id", "must be a UUID")) : List.of();
    }

    /** The file must be the submitter's: another user's is refused at submit as if it did not exist. */
    @Override
    public Map<String, UUID> fileReferences(JsonNode payload) {
        UUID fileId = fileId(payload);
        return fileId == null ? Map.of() : Map.of("payload.file_id", fileId);
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        return List.of(new Stage("importing", importing::run));
    }

    private static @Nullable UUID fileId(JsonNode payload) {
        try {
            return UUID.fromString(payload.path("file_id").asString(""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
