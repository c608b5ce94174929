package io.jobstream.execution;

import static io.jobstream.system.JobLogFields.about;

import io.jobstream.job.Attempt;
import io.jobstream.job.Job;
import io.jobstream.job.JobRuns;
import io.jobstream.job.Progress;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.JobTypes;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Runs one attempt at a claimed job: its type's stages in order from the first one no
 * earlier attempt finished (checkpoints), each stage recorded with its progress event and
 * checkpoint, then the job completed with the last stage's output. A failure is retried
 * (status {@code retrying}, exponential backoff with jitter) while it is retryable and
 * attempts remain, else the job fails with its error code. Stages and the attempt have time
 * limits ({@code TIMEOUT}). Every write is conditional on this worker still holding the job;
 * once it does not (cancelled, taken over), the attempt stops.
 */
@Component
class JobExecutor {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

    private final JobRuns runs;
    private final JobTypes types;
    private final String worker;

    JobExecutor(JobRuns runs, JobTypes types, ExecutionProperties properties) {
        this.runs = runs;
        this.types = types;
        this.worker = properties.instanceId();
    }

    Mono<Void> execute(Job job) {
        Attempt attempt = Attempt.of(job, worker);
        return Mono.defer(() -> run(job, attempt))
                .flatMap(outcome -> runs.complete(attempt, outcome.result(), outcome.lastStage())
                        .then())
                .onErrorResume(JobLostException.class, lost -> Mono.empty())
                .onErrorResume(error -> failOrRetry(job, attempt, error));
    }

    private Mono<Outcome> run(Job job, Attempt attempt) {
        // retryable: during a rolling deploy another instance may know the type
        JobType type = types.find(job.type())
                .orElseThrow(() -> new JobFailure(
                        ErrorCode.INTERNAL_ERROR, "job type '" + job.type() + "' is not known to this instance", true));
        JobRuns.exhausted(job, type.retryPolicy(job.payload())).ifPresent(failure -> {
            throw failure;
        });
        List<Stage> stages = type.stages(job.payload());
        Duration stageLimit = type.stageTimeout(job.payload());
        // only an earlier attempt can have left checkpoints: the first one need not look
        Mono<List<JsonNode>> done =
                job.attempts() > 1 ? runs.checkpoints(job.id()).collectList() : Mono.just(List.of());
        return done.flatMap(outputs -> runStages(job, attempt, stages, stageLimit, new ArrayList<>(outputs)))
                .timeout(
                        type.jobTimeout(job.payload()),
                        Mono.error(() -> timeout("the job", type.jobTimeout(job.payload()))));
    }

    /**
     * The last stage's progress is not recorded on its own but with the completion, in one
     * statement. {@code outputs} is safe to share because concatMap runs the stages one at a time.
     */
    private Mono<Outcome> runStages(
            Job job, Attempt attempt, List<Stage> stages, Duration stageLimit, List<JsonNode> outputs) {
        int first = Math.min(outputs.size(), stages.size());
        if (first == stages.size()) {
            return Mono.just(new Outcome(outputs.isEmpty() ? NullNode.getInstance() : outputs.getLast(), null));
        }
        int last = stages.size() - 1;
        return Flux.range(first, stages.size() - first)
                .concatMap(index ->
                        runStage(job, attempt, stages.get(index), stageLimit, outputs, stages.size(), index == last))
                .last()
                .map(output -> new Outcome(output, progress(stages.getLast(), stages.size(), stages.size())));
    }

    private Mono<JsonNode> runStage(
            Job job,
            Attempt attempt,
            Stage stage,
            Duration limit,
            List<JsonNode> outputs,
            int stageCount,
            boolean last) {
        int number = outputs.size() + 1;
        var reporter = new StageReporter(runs, attempt, stage.name(), number, stageCount);
        var context = new StageContext(
                job.id(),
                job.owner(),
                job.payload(),
                outputs,
                number,
                stageCount,
                attempt.number(),
                artifact -> saveArtifact(attempt, artifact),
                reporter::report);
        return stage.run(context)
                .timeout(limit, Mono.error(() -> timeout("stage " + stage.name(), limit)))
                .switchIfEmpty(Mono.error(() -> new JobFailure(
                        ErrorCode.INTERNAL_ERROR, "stage " + stage.name() + " produced no output", false)))
                .flatMap(output -> last ? Mono.just(output) : recordStage(attempt, stage, number, stageCount, output))
                .doOnNext(outputs::add);
    }

    private Mono<Void> saveArtifact(Attempt attempt, Artifact artifact) {
        return runs.saveArtifact(attempt, artifact)
                .filter(kept -> kept)
                .switchIfEmpty(Mono.error(() -> new JobLostException(attempt)))
                .then();
    }

    private Mono<JsonNode> recordStage(Attempt attempt, Stage stage, int number, int stageCount, JsonNode output) {
        return runs.recordStage(attempt, number - 1, output, progress(stage, number, stageCount))
                .switchIfEmpty(Mono.error(() -> new JobLostException(attempt)))
                .thenReturn(output);
    }

    private static Progress progress(Stage stage, int number, int stageCount) {
        return new Progress(number * 100 / stageCount, stage.name(), "Stage " + number + " of " + stageCount + " done");
    }

    /** An attempt that succeeded: the job's result, and the progress of its last stage if this attempt ran it. */
    private record Outcome(JsonNode result, @Nullable Progress lastStage) {}

    private Mono<Void> failOrRetry(Job job, Attempt attempt, Throwable error) {
        RetryPolicy policy = types.find(job.type())
                .map(type -> type.retryPolicy(job.payload()))
                .orElse(RetryPolicy.DEFAULT);
        return runs.failOrRetry(attempt, job.retryCount(), policy, asFailure(job, error))
                .then();
    }

    /** Anything but a JobFailure is unexpected: logged, and retried as a transient INTERNAL_ERROR. */
    private static JobFailure asFailure(Job job, Throwable error) {
        if (error instanceof JobFailure failure) {
            return failure;
        }
        about(log.atError(), job.id(), job.owner())
                .setCause(error)
                .log("Job {} ({}) failed unexpectedly", job.id(), job.type());
        return new JobFailure(ErrorCode.INTERNAL_ERROR, "internal error while running the job", true);
    }

    private static JobFailure timeout(String what, Duration limit) {
        return new JobFailure(
                ErrorCode.TIMEOUT, what + " took longer than its limit of " + limit.toMillis() + " ms", true);
    }

    /** The job is no longer this worker's to run (cancelled, or claimed by another instance). */
    static final class JobLostException extends RuntimeException {
        JobLostException(Attempt attempt) {
            super("job " + attempt.jobId() + " is no longer held by attempt " + attempt.number(), null, false, false);
        }
    }
}
