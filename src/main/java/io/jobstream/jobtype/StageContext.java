package io.jobstream.jobtype;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a stage gets: the job's validated payload, the outputs of the stages before it (in
 * order), and its place in the job.
 */
public record StageContext(JsonNode payload, List<JsonNode> earlierOutputs, int stageNumber, int stageCount) {

    public StageContext {
        earlierOutputs = List.copyOf(earlierOutputs);
    }
}
