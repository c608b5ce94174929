package io.jobstream.document.embed;

import io.jobstream.document.Chunk;
import io.jobstream.document.DocumentRefs;
import io.jobstream.document.DocumentSource;
import io.jobstream.document.JobDocuments;
import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.embedding.Embedder;
import io.jobstream.embedding.VectorizingStage;
import io.jobstream.job.Caller;
import io.jobstream.job.JobNotFoundException;
import io.jobstream.job.JobService;
import io.jobstream.job.JobStatus;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code embed} (also {@code batch_embedding}): vectors for {@code texts}, or for the chunks of
 * a completed {@code parse} job of the same owner ({@code source_job_id}), which makes them
 * searchable. One stage, {@code vectorizing}; the vectors are written to
 * {@code embeddings.jsonl}. Texts are kept as the chunks of one document of this job, so that
 * they are searchable too and a retry embeds only what is left.
 */
@Component
class EmbedJobType implements JobType {

    private static final JsonNode SCHEMA = JobType.readResource(EmbedJobType.class, "payload.schema.json");

    private final JobDocuments documents;
    private final ChunkEmbeddings embeddings;
    private final Embedder embedder;
    private final JobService jobs;
    private final VectorizingStage vectorizing;

    EmbedJobType(
            JobDocuments documents,
            ChunkEmbeddings embeddings,
            Embedder embedder,
            JobService jobs,
            VectorizingStage vectorizing) {
        this.documents = documents;
        this.embeddings = embeddings;
        this.embedder = embedder;
        this.jobs = jobs;
        this.vectorizing = vectorizing;
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public List<String> aliases() {
        return List.of("batch_embedding");
    }

    @Override
    public String description() {
        return "Embeds texts, or the chunks of a completed parse job of yours (source_job_id), with the in-process"
                + " all-MiniLM-L6-v2 model (384 dimensions); the vectors go to embeddings.jsonl and are searchable.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    @Override
    public List<String> stageNames() {
        return List.of("vectorizing");
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        List<Violation> violations = new ArrayList<>();
        if (payload.has("texts") == payload.has("source_job_id")) {
            violations.add(new Violation("payload.texts", "give texts or source_job_id, exactly one of them"));
        } else if (payload.has("source_job_id")
                && !DocumentRefs.isUuid(payload.get("source_job_id").asString())) {
            violations.add(new Violation("payload.source_job_id", "must be a job id (a UUID)"));
        }
        if (!embedder.available()) {
            violations.add(new Violation("type", "embeddings are not available on this deployment"));
        }
        return violations;
    }

    @Override
    public Mono<JsonNode> capabilities() {
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        capabilities.putObject("embeddings").put("available", embedder.available());
        return Mono.just(capabilities);
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        return List.of(new Stage("vectorizing", context -> vectorize(context, payload)));
    }

    private Mono<JsonNode> vectorize(StageContext context, JsonNode payload) {
        Mono<UUID> chunksOf = payload.has("texts")
                ? keepTexts(context, payload.get("texts"))
                : sourceJob(
                        context, UUID.fromString(payload.get("source_job_id").asString()));
        return chunksOf.flatMap(jobId -> vectorizing
                .run(context, jobId)
                .then(embeddings.countVectors(jobId))
                .map(count -> (JsonNode) JsonNodeFactory.instance
                        .objectNode()
                        .put("embedded", count)
                        .put("dimensions", embedder.dimensions())
                        .put("chunks_of_job", jobId.toString())));
    }

    /** The texts as the chunks of this job's one document, once (a retry finds them kept). */
    private Mono<UUID> keepTexts(StageContext context, JsonNode texts) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i).asString();
            chunks.add(new Chunk(0, i, text, 1, 1, 0, text.length(), null));
        }
        return documents
                .register(context.jobId(), List.of(new DocumentSource(DocumentSource.Kind.INLINE, "texts")))
                .then(documents.chunks(context.jobId()).hasElements())
                .flatMap(kept -> kept ? Mono.empty() : documents.saveChunks(context.jobId(), 0, chunks))
                .thenReturn(context.jobId());
    }

    /** A completed job of the same owner, whatever its documents; another user's job is as unknown as none. */
    private Mono<UUID> sourceJob(StageContext context, UUID id) {
        return jobs.get(Caller.user(context.owner()), id)
                .onErrorMap(
                        JobNotFoundException.class,
                        missing -> new JobFailure(ErrorCode.VALIDATION_ERROR, "source_job_id: no job " + id, false))
                .flatMap(source -> source.status() == JobStatus.COMPLETED
                        ? Mono.just(source.id())
                        : Mono.error(new JobFailure(
                                ErrorCode.VALIDATION_ERROR,
                                "source_job_id: job " + id + " is "
                                        + source.status().wireName() + ", not completed",
                                false)));
    }
}
