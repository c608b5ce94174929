package io.jobstream.external;

import io.jobstream.external.HeldRuns.Held;
import io.jobstream.job.ExternalRuns;
import io.jobstream.job.Job;
import io.jobstream.job.JobRuns;
import io.jobstream.job.JobStatus;
import io.jobstream.job.Progress;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.system.ConflictException;
import io.jobstream.system.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What external workers report on the jobs they claimed, whatever the transport (HTTP or
 * Kafka): each report names the job and carries its claim token. Every write is the
 * store's conditional write of the worker's {@link io.jobstream.job.Attempt}, so a stale
 * token (the lease ran out and the job went to another worker, or it was cancelled or has
 * finished) is a {@link ConflictException} and changes nothing. A worker that may not work
 * the job's type is told there is no such job.
 */
@Service
public class WorkReports {

    private final HeldRuns held;
    private final JobRuns runs;
    private final ExternalRuns externalRuns;

    WorkReports(HeldRuns held, JobRuns runs, ExternalRuns externalRuns) {
        this.held = held;
        this.runs = runs;
        this.externalRuns = externalRuns;
    }

    /**
     * Renews the lease by the type's heartbeat timeout; if the job was cancelled while this
     * token held it, says so instead.
     */
    public Mono<Heartbeat> heartbeat(Worker worker, UUID id, String claimToken) {
        return held.find(worker, id, claimToken).flatMap(seen -> {
            Job job = seen.run().job();
            if (seen.latestClaim() && job.status() == JobStatus.CANCELLED) {
                return Mono.just(new Heartbeat(true, null));
            }
            if (!seen.latestClaim() || job.status() != JobStatus.PROCESSING) {
                return Mono.error(HeldRuns.stale(id));
            }
            var attempt = seen.run().attempt(seen.tokenHash());
            return written(runs.renewLease(attempt, seen.type().heartbeatTimeout()), id)
                    .thenReturn(
                            new Heartbeat(false, Instant.now().plus(seen.type().heartbeatTimeout())));
        });
    }

    /** Progress from inside a stage, with document counts (nulls leave them as they were). */
    public Mono<Void> progress(Worker worker, UUID id, String claimToken, Progress progress, Job.Documents documents) {
        return held.held(worker, id, claimToken)
                .flatMap(run -> written(runs.reportProgress(run.attempt(), progress, documents), id));
    }

    /**
     * Lines for the job's log; each is an event that keeps the job's percent and stage, so it
     * shows in {@code GET /api/jobs/{id}/logs} and on the job's stream.
     */
    public Mono<Void> log(Worker worker, UUID id, String claimToken, List<String> lines) {
        return held.held(worker, id, claimToken)
                .flatMap(run -> Flux.fromIterable(lines)
                        .concatMap(
                                line -> written(runs.reportProgress(run.attempt(), asLine(run, line), NO_COUNTS), id))
                        .then());
    }

    private static final Job.Documents NO_COUNTS = new Job.Documents(null, null, null);

    private static Progress asLine(Held run, String line) {
        Progress current = run.run().job().progress();
        return new Progress(current.percent(), current.stage(), line);
    }

    /**
     * A finished stage, its output kept as the job's checkpoint: a later attempt (after a lost
     * lease or a retry) resumes after it. Stages complete in the type's order; completing the
     * latest one again replaces its output.
     *
     * @throws InvalidInputException naming {@code stage} if it is not one of the type's stages
     *     or comes after one not completed yet
     */
    public Mono<Void> completeStage(Worker worker, UUID id, String claimToken, String stage, JsonNode output) {
        return held.held(worker, id, claimToken)
                .flatMap(run -> externalRuns
                        .completedStages(id)
                        .count()
                        .flatMap(done -> record(run, stage, done.intValue(), output)));
    }

    private Mono<Void> record(Held run, String stage, int done, JsonNode output) {
        List<String> stages = run.type().stageNames();
        int index = stages.indexOf(stage);
        if (index < 0) {
            return Mono.error(InvalidInputException.of(
                    "stage", "'" + stage + "' is not a stage of " + run.type().name() + ": " + stages));
        }
        if (index > done) {
            return Mono.error(InvalidInputException.of(
                    "stage", "'" + stage + "' comes after '" + stages.get(done) + "', which is not complete"));
        }
        int number = index + 1;
        var progress =
                new Progress(number * 100 / stages.size(), stage, "Stage " + number + " of " + stages.size() + " done");
        return written(
                runs.recordStage(run.attempt(), index, output, progress),
                run.attempt().jobId());
    }

    /** Streams an artifact to storage and keeps it with the job; nothing is kept for a stale token. */
    public Mono<Void> saveArtifact(Worker worker, UUID id, String claimToken, Artifact artifact) {
        return held.held(worker, id, claimToken)
                .flatMap(run -> written(runs.saveArtifact(run.attempt(), artifact), id));
    }

    /**
     * The job is completed with {@code result}.
     *
     * @throws InvalidInputException naming each field of {@code result} that breaks the type's result schema
     */
    public Mono<Void> complete(Worker worker, UUID id, String claimToken, JsonNode result) {
        return held.held(worker, id, claimToken).flatMap(run -> {
            var violations = run.type().resultViolations(result);
            if (!violations.isEmpty()) {
                return Mono.error(new InvalidInputException(violations));
            }
            return written(runs.complete(run.attempt(), result, null), id);
        });
    }

    /**
     * The attempt failed: retried under the type's retry policy if {@code retryable} and
     * attempts remain, else the job fails with {@code code}.
     */
    public Mono<Void> fail(Worker worker, UUID id, String claimToken, ErrorCode code, String error, boolean retryable) {
        return held.held(worker, id, claimToken)
                .flatMap(run -> written(
                        runs.failOrRetry(
                                run.attempt(),
                                run.run().job().retryCount(),
                                run.type().retryPolicy(run.run().job().payload()),
                                new JobFailure(code, error, retryable)),
                        id));
    }

    /** A write that found the attempt no longer holding the job (empty, or false) is a conflict. */
    private static Mono<Void> written(Mono<?> write, UUID id) {
        return write.filter(done -> !Boolean.FALSE.equals(done))
                .switchIfEmpty(Mono.error(() -> HeldRuns.stale(id)))
                .then();
    }
}
