package io.jobstream.export;

import io.jobstream.document.Chunk;
import io.jobstream.document.JobDocuments;
import io.jobstream.job.Caller;
import io.jobstream.job.Job;
import io.jobstream.job.JobNotFoundException;
import io.jobstream.job.JobQuery;
import io.jobstream.job.JobService;
import io.jobstream.job.JobSort;
import io.jobstream.job.JobStatus;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.system.Violation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code export}: the owner's jobs (the filters of {@code GET /api/jobs}, none meaning all of
 * them) or the chunks of a parse job of theirs ({@code source_job_id}), as CSV or JSON Lines,
 * streamed from a database cursor into one artifact ({@code export.csv}, {@code export.jsonl}):
 * the memory an export takes does not grow with its rows. One stage, {@code exporting}.
 */
@Component
class ExportJobType implements JobType {

    private static final JsonNode SCHEMA = JobType.readResource(ExportJobType.class, "payload.schema.json");
    /** Rows between two progress reports. */
    private static final int REPORT_EVERY = 10_000;

    private final JobService jobs;
    private final JobDocuments documents;
    private final ExportRows rows;

    ExportJobType(JobService jobs, JobDocuments documents, ExportRows rows) {
        this.jobs = jobs;
        this.documents = documents;
        this.rows = rows;
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String description() {
        return "Streams your jobs (filtered as GET /api/jobs filters them) or the chunks of one of your parse jobs"
                + " into one artifact, export.csv or export.jsonl, in bounded memory.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("exporting");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        List<Violation> violations = new ArrayList<>();
        boolean filtered = payload.has("status")
                || payload.has("type")
                || payload.has("batch_id")
                || payload.has("created_from")
                || payload.has("created_to");
        if (payload.has("source_job_id") && filtered) {
            violations.add(new Violation("payload.source_job_id", "give job filters or source_job_id, not both"));
        }
        for (String field : List.of("batch_id", "source_job_id")) {
            if (payload.has(field) && uuid(payload.get(field).asString()) == null) {
                violations.add(new Violation("payload." + field, "must be a UUID"));
            }
        }
        for (String field : List.of("created_from", "created_to")) {
            if (payload.has(field) && instant(payload.get(field).asString()) == null) {
                violations.add(
                        new Violation("payload." + field, "must be an ISO-8601 time such as 2026-01-31T00:00:00Z"));
            }
        }
        return violations;
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        return List.of(new Stage("exporting", context -> export(context, payload)));
    }

    private Mono<JsonNode> export(StageContext context, JsonNode payload) {
        ExportFormat format = ExportFormat.of(payload.get("format").asString());
        Flux<DataBuffer> lines = payload.has("source_job_id")
                ? chunkLines(
                        context,
                        format,
                        UUID.fromString(payload.get("source_job_id").asString()))
                : jobLines(context, format, query(payload));
        String name = "export." + format.extension();
        return context.saveArtifact(new Artifact(name, format.contentType(), lines))
                .thenReturn(JsonNodeFactory.instance
                        .objectNode()
                        .put("format", format.extension())
                        .put("artifact", name));
    }

    private Flux<DataBuffer> jobLines(StageContext context, ExportFormat format, JobQuery query) {
        Flux<Job> selected = jobs.stream(Caller.user(context.owner()), query);
        return Flux.concat(rows.jobHeader(format), reported(context, selected).map(job -> rows.job(format, job)));
    }

    private Flux<DataBuffer> chunkLines(StageContext context, ExportFormat format, UUID source) {
        Mono<UUID> owned = jobs.get(Caller.user(context.owner()), source)
                .map(Job::id)
                .onErrorMap(
                        JobNotFoundException.class,
                        missing ->
                                new JobFailure(ErrorCode.VALIDATION_ERROR, "source_job_id: no job " + source, false));
        Flux<Chunk> chunks = owned.flatMapMany(documents::chunks);
        return Flux.concat(rows.chunkHeader(format), reported(context, chunks).map(chunk -> rows.chunk(format, chunk)));
    }

    /** Reports every {@link #REPORT_EVERY} rows how many are written. */
    private static <T> Flux<T> reported(StageContext context, Flux<T> rows) {
        return rows.index()
                .concatMap(row -> row.getT1() % REPORT_EVERY == 0 && row.getT1() > 0
                        ? context.report(new StageProgress(0, row.getT1() + " rows exported", null))
                                .thenReturn(row.getT2())
                        : Mono.just(row.getT2()));
    }

    /** The payload's filters as a list query; its sort and page do not matter to a stream. */
    static JobQuery query(JsonNode payload) {
        Set<JobStatus> statuses = new HashSet<>();
        payload.path("status").forEach(status -> statuses.add(JobStatus.fromWireName(status.asString())));
        return new JobQuery(
                statuses,
                payload.hasNonNull("type") ? payload.get("type").asString() : null,
                payload.hasNonNull("batch_id") ? uuid(payload.get("batch_id").asString()) : null,
                null,
                payload.hasNonNull("created_from")
                        ? instant(payload.get("created_from").asString())
                        : null,
                payload.hasNonNull("created_to")
                        ? instant(payload.get("created_to").asString())
                        : null,
                null,
                null,
                JobSort.CREATED_AT,
                true,
                1,
                0,
                null);
    }

    private static @Nullable UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
