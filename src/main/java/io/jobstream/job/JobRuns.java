package io.jobstream.job;

import io.jobstream.jobtype.Artifact;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What workers do with jobs. Each call is one conditional statement; an empty result means
 * the job was not in a state that allows it (cancelled, claimed again, gone). Writes of a
 * running job name its {@link Attempt}.
 */
@Service
public class JobRuns {

    private final JobRepository jobs;

    JobRuns(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** Takes the job for {@code worker} as a new attempt; empty if it is not (or no longer) waiting to run. */
    public Mono<Job> claim(UUID id, String worker, Duration lease) {
        return jobs.claim(id, worker, lease);
    }

    /** The outputs of the stages a former attempt finished, in order. */
    public Flux<JsonNode> checkpoints(UUID id) {
        return jobs.checkpoints(id);
    }

    /** Progress, event and checkpoint of a finished stage ({@code stageIndex} from 0). */
    public Mono<Job> recordStage(Attempt attempt, int stageIndex, JsonNode output, Progress progress) {
        return jobs.recordStage(attempt, stageIndex, output, progress);
    }

    /** False if the attempt no longer holds the job: nothing was kept. */
    public Mono<Boolean> saveArtifact(Attempt attempt, Artifact artifact) {
        return jobs.saveArtifact(attempt, artifact);
    }

    public Mono<Boolean> renewLease(Attempt attempt, Duration lease) {
        return jobs.renewLease(attempt, lease);
    }

    public Mono<Job> complete(Attempt attempt, @Nullable JsonNode result) {
        return jobs.complete(attempt, result, "Completed");
    }

    public Mono<Job> retry(Attempt attempt, String errorCode, String error, Duration delay) {
        return jobs.retry(attempt, errorCode, error, delay);
    }

    public Mono<Job> fail(Attempt attempt, String errorCode, String error) {
        return jobs.fail(attempt, errorCode, error);
    }

    /** Requeues the jobs of instances whose lease expired; those jobs, now queued and undispatched. */
    public Flux<Job> requeueExpired() {
        return jobs.requeueExpired();
    }

    /** Hands back every job {@code worker} holds; those jobs, now queued and undispatched. */
    public Flux<Job> release(String worker) {
        return jobs.release(worker);
    }
}
