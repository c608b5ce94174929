package io.jobstream.jobtype;

import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What a stage gets: the job's validated payload, the outputs of the stages before it (in
 * order, from checkpoints when the job resumes), its place in the job, the attempt (1 for
 * the first), and where to keep files it produces.
 */
public record StageContext(
        JsonNode payload,
        List<JsonNode> earlierOutputs,
        int stageNumber,
        int stageCount,
        int attempt,
        Function<Artifact, Mono<Void>> artifacts) {

    public StageContext {
        earlierOutputs = List.copyOf(earlierOutputs);
    }

    /** Keeps a file with the job (replacing one of the same name); it appears in the job's archive. */
    public Mono<Void> saveArtifact(Artifact artifact) {
        return artifacts.apply(artifact);
    }
}
