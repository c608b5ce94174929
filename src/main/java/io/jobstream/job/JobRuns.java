package io.jobstream.job;

import io.jobstream.job.JobRunRepository.Completed;
import io.jobstream.job.JobRunRepository.Completion;
import io.jobstream.job.JobRunRepository.StageRecord;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.system.Batcher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What workers do with jobs. Each change is a conditional statement; an empty result means
 * the job was not in a state that allows it (cancelled, claimed again, gone). Writes of a
 * running job name its {@link Attempt}.
 *
 * <p>Claims, stage records and completions are the writes every job makes; those that arrive
 * while earlier ones are on their way share one statement ({@link Batcher}), so a busy
 * instance pays a fraction of a round trip and a commit per job, and an idle one waits for
 * nothing. These writes therefore commit on their own: they never join a caller's transaction.
 */
@Service
public class JobRuns {

    /** Rows per statement: large enough to carry a full worker's burst, small enough to keep a statement short. */
    static final int MAX_BATCH = 128;
    /** Statements of one kind at once: two keep the connection busy while the other's results come back. */
    static final int CONCURRENCY = 2;

    private final JobRunRepository jobs;
    private final JobArtifacts artifacts;
    private final Batcher<Claim, UUID, Job> claims;
    private final Batcher<StageRecord, UUID, UUID> stageRecords;
    private final Batcher<Completion, UUID, Completed> completions;
    private final Batcher<Renewal, Attempt, Attempt> renewals;
    private final JobMeters meters;

    JobRuns(JobRunRepository jobs, JobArtifacts artifacts, JobMeters meters) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.meters = meters;
        this.claims = new Batcher<>(MAX_BATCH, CONCURRENCY, this::claimAll, Claim::jobId, Job::id);
        this.stageRecords = new Batcher<>(
                MAX_BATCH,
                CONCURRENCY,
                jobs::recordStages,
                record -> record.attempt().jobId(),
                id -> id);
        this.completions = new Batcher<>(
                MAX_BATCH,
                CONCURRENCY,
                batch -> jobs.completeAll(batch, "Completed"),
                completion -> completion.attempt().jobId(),
                Completed::id);
        this.renewals = new Batcher<>(MAX_BATCH, CONCURRENCY, this::renewAll, Renewal::attempt, attempt -> attempt);
    }

    /** Takes the job for {@code worker} as a new attempt; empty if it is not (or no longer) waiting to run. */
    public Mono<Job> claim(UUID id, String worker, Duration lease) {
        return claims.submit(new Claim(id, new Claimant(worker, lease)));
    }

    /** One statement per worker and lease: in practice, one for the whole batch. */
    private Flux<Job> claimAll(List<Claim> batch) {
        Map<Claimant, List<UUID>> byClaimant = batch.stream()
                .collect(Collectors.groupingBy(
                        Claim::claimant, LinkedHashMap::new, Collectors.mapping(Claim::jobId, Collectors.toList())));
        return Flux.fromIterable(byClaimant.entrySet())
                .concatMap(group -> jobs.claimAll(
                        group.getValue(),
                        group.getKey().worker(),
                        group.getKey().lease()));
    }

    private record Claim(UUID jobId, Claimant claimant) {}

    private record Claimant(String worker, Duration lease) {}

    /** The outputs of the stages a former attempt finished, in order. */
    public Flux<JsonNode> checkpoints(UUID id) {
        return jobs.checkpoints(id);
    }

    /** Progress, event and checkpoint of a finished stage ({@code stageIndex} from 0). */
    public Mono<UUID> recordStage(Attempt attempt, int stageIndex, JsonNode output, Progress progress) {
        return stageRecords.submit(new StageRecord(attempt, stageIndex, output, progress));
    }

    /**
     * Progress from inside a stage, with the document counts when the job has documents (all
     * null leaves them); false if the attempt no longer holds the job.
     */
    public Mono<Boolean> reportProgress(Attempt attempt, Progress progress, Job.Documents documents) {
        return jobs.progress(attempt, progress, documents).hasElement();
    }

    /** False if the attempt no longer holds the job: nothing was kept. */
    public Mono<Boolean> saveArtifact(Attempt attempt, Artifact artifact) {
        return artifacts.save(attempt, artifact);
    }

    /** Extends the attempt's lease to {@code lease} from now; false if it no longer holds the job. */
    public Mono<Boolean> renewLease(Attempt attempt, Duration lease) {
        return jobs.renewLease(attempt, lease);
    }

    /**
     * {@link #renewLease}, written together with the renewals that come at the same moment: for
     * a worker that renews all its jobs on one beat, a few statements per beat, not one per
     * job. One attempt must not ask twice at once (the second would hear false).
     */
    public Mono<Boolean> renewLeaseTogether(Attempt attempt, Duration lease) {
        return renewals.submit(new Renewal(attempt, lease)).hasElement();
    }

    /** One statement per lease length: in practice, one for the whole batch. */
    private Flux<Attempt> renewAll(List<Renewal> batch) {
        Map<Duration, List<Attempt>> byLease = batch.stream()
                .collect(Collectors.groupingBy(
                        Renewal::lease, LinkedHashMap::new, Collectors.mapping(Renewal::attempt, Collectors.toList())));
        return Flux.fromIterable(byLease.entrySet())
                .concatMap(group -> jobs.renewLeases(group.getValue(), group.getKey()));
    }

    private record Renewal(Attempt attempt, Duration lease) {}

    /**
     * The attempt succeeded: the job is completed with {@code result}, after the progress event
     * of its last stage ({@code lastStage}, null if an earlier attempt recorded it); empty if the
     * attempt no longer held the job.
     */
    public Mono<UUID> complete(Attempt attempt, @Nullable JsonNode result, @Nullable Progress lastStage) {
        return completions
                .submit(new Completion(attempt, result, lastStage))
                .doOnNext(done -> meters.completed(done.type(), done.startedAt(), done.completedAt()))
                .map(Completed::id);
    }

    public Mono<Job> retry(Attempt attempt, String errorCode, String error, Duration delay) {
        return jobs.retry(attempt, errorCode, error, delay);
    }

    public Mono<Job> fail(Attempt attempt, String errorCode, String error) {
        return jobs.fail(attempt, errorCode, error).doOnNext(meters::failed);
    }

    /**
     * The end of an attempt that failed, by the one rule for every worker, in this service or
     * outside it: retried after the policy's backoff (exponential, with jitter; {@code retryCount}
     * retries so far) while the failure is retryable and attempts remain, else failed with its
     * error code. Empty if the attempt no longer held the job.
     */
    public Mono<Job> failOrRetry(Attempt attempt, int retryCount, RetryPolicy policy, JobFailure failure) {
        String message =
                Objects.requireNonNullElse(failure.getMessage(), failure.code().name());
        if (failure.retryable() && attempt.number() < policy.maxAttempts()) {
            Duration delay = policy.backoff(retryCount + 1, ThreadLocalRandom.current());
            return retry(attempt, failure.code().name(), message, delay);
        }
        return fail(attempt, failure.code().name(), message);
    }

    /**
     * Why a job just claimed must not run: its attempts are past the policy's limit, because
     * attempts that ended with their worker (a crash, a kill, a lost lease) count too, so that
     * nothing loops for ever; empty while attempts remain.
     */
    public static Optional<JobFailure> exhausted(Job job, RetryPolicy policy) {
        if (job.attempts() <= policy.maxAttempts()) {
            return Optional.empty();
        }
        return Optional.of(new JobFailure(
                ErrorCode.INTERNAL_ERROR,
                "gave up after " + (job.attempts() - 1) + " attempt(s) that ended without a result",
                false));
    }

    /** Requeues the jobs of instances whose lease expired; those jobs, now queued and undispatched. */
    public Flux<Job> requeueExpired() {
        return jobs.requeueExpired();
    }

    /** Hands back every job {@code worker} holds; those jobs, now queued and undispatched. */
    public Flux<Job> release(String worker) {
        return jobs.release(worker);
    }

    /**
     * Hands back a job claimed as {@code worker} that its worker was never told of (its Kafka
     * offer could not be published): queued again, and the attempt not counted, so that a
     * broker outage does not use up the job's attempts.
     */
    public Flux<Job> handBack(String worker) {
        return jobs.handBack(worker);
    }
}
