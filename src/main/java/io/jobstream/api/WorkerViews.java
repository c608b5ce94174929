package io.jobstream.api;

import io.jobstream.external.ClaimedJob;
import io.jobstream.external.Heartbeat;
import io.jobstream.job.CompletedStage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What the workers' routes answer (snake_case on the wire). */
final class WorkerViews {

    private WorkerViews() {}

    /** The answer to a claim: the jobs claimed, none if none came within the wait. */
    record ClaimView(List<ClaimedJobView> jobs) {
        static ClaimView of(List<ClaimedJob> claimed) {
            return new ClaimView(claimed.stream().map(ClaimedJobView::of).toList());
        }
    }

    /** A claimed job: what the worker needs to run this attempt, and the token its reports carry. */
    record ClaimedJobView(
            UUID id,
            String type,
            String owner,
            JsonNode payload,
            int attempt,
            List<StageView> completedStages,
            Instant leaseExpiresAt,
            String claimToken) {

        static ClaimedJobView of(ClaimedJob claimed) {
            return new ClaimedJobView(
                    claimed.job().id(),
                    claimed.job().type(),
                    claimed.job().owner(),
                    claimed.job().payload(),
                    claimed.job().attempts(),
                    claimed.completedStages().stream().map(StageView::of).toList(),
                    claimed.leaseExpiresAt(),
                    claimed.claimToken());
        }
    }

    /** A stage an earlier attempt completed, with its output. */
    record StageView(String name, JsonNode output) {
        static StageView of(CompletedStage stage) {
            return new StageView(stage.name(), stage.output());
        }
    }

    /** The answer to a heartbeat. */
    record HeartbeatView(boolean cancelRequested, @Nullable Instant leaseExpiresAt) {
        static HeartbeatView of(Heartbeat heartbeat) {
            return new HeartbeatView(heartbeat.cancelRequested(), heartbeat.leaseExpiresAt());
        }
    }
}
