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
 * the job was not in a state that allows it (cancelled, taken by another worker, gone).
 */
@Service
public class JobRuns {

    private final JobRepository jobs;

    JobRuns(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** Takes the job for {@code worker}; empty if it is not (or no longer) waiting to run. */
    public Mono<Job> claim(UUID id, String worker, Duration lease) {
        return jobs.claim(id, worker, lease);
    }

    /** The outputs of the stages a former attempt finished, in order. */
    public Flux<JsonNode> checkpoints(UUID id) {
        return jobs.checkpoints(id);
    }

    /** Progress, event and checkpoint of a finished stage ({@code stageIndex} from 0). */
    public Mono<Job> recordStage(UUID id, String worker, int stageIndex, JsonNode output, Progress progress) {
        return jobs.recordStage(id, worker, stageIndex, output, progress);
    }

    /** False if {@code worker} no longer holds the job: nothing was kept. */
    public Mono<Boolean> saveArtifact(UUID id, String worker, Artifact artifact) {
        return jobs.saveArtifact(id, worker, artifact);
    }

    public Mono<Boolean> renewLease(UUID id, String worker, Duration lease) {
        return jobs.renewLease(id, worker, lease);
    }

    public Mono<Job> complete(UUID id, String worker, @Nullable JsonNode result) {
        return jobs.complete(id, worker, result, "Completed");
    }

    public Mono<Job> retry(UUID id, String worker, String errorCode, String error, Duration delay) {
        return jobs.retry(id, worker, errorCode, error, delay);
    }

    public Mono<Job> fail(UUID id, String worker, String errorCode, String error) {
        return jobs.fail(id, worker, errorCode, error);
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
