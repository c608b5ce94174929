package io.jobstream.jobtype;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What a stage gets: the job (its id and owner), its validated payload, the outputs of the
 * stages before it (in order, from checkpoints when the job resumes), its place in the job,
 * the attempt (1 for the first), where to keep files it produces and where to report its
 * progress.
 */
public record StageContext(
        UUID jobId,
        String owner,
        JsonNode payload,
        List<JsonNode> earlierOutputs,
        int stageNumber,
        int stageCount,
        int attempt,
        Function<Artifact, Mono<Void>> artifacts,
        Function<StageProgress, Mono<Void>> progress) {

    public StageContext {
        earlierOutputs = List.copyOf(earlierOutputs);
    }

    /** Keeps a file with the job (replacing one of the same name); it appears in the job's archive. */
    public Mono<Void> saveArtifact(Artifact artifact) {
        return artifacts.apply(artifact);
    }

    /**
     * Reports progress from inside the stage: an event on the job's streams, webhooks and the
     * events topic. Reports that come faster than people can read may be skipped, never one
     * that changes the document counts.
     */
    public Mono<Void> report(StageProgress report) {
        return progress.apply(report);
    }
}
