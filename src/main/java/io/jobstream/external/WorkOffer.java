package io.jobstream.external;

import io.jobstream.job.CompletedStage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One record of a work topic ({@code jobstream.work.<type>}, keyed by {@code id}): a job
 * claimed for whichever Kafka worker reads it, as an HTTP claim answers it.
 */
public record WorkOffer(
        UUID id,
        String type,
        String owner,
        JsonNode payload,
        int attempt,
        List<CompletedStage> completedStages,
        Instant leaseExpiresAt,
        String claimToken) {

    static WorkOffer of(ClaimedJob claimed) {
        var job = claimed.job();
        return new WorkOffer(
                job.id(),
                job.type(),
                job.owner(),
                job.payload(),
                job.attempts(),
                claimed.completedStages(),
                claimed.leaseExpiresAt(),
                claimed.claimToken());
    }
}
