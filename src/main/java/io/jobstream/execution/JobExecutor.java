package io.jobstream.execution;

import io.jobstream.job.Job;
import io.jobstream.job.JobRuns;
import io.jobstream.job.Progress;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.JobTypes;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Runs a claimed job: its type's stages in order, a progress event after each, then the
 * job completed with the last stage's output or failed with an error code. Every write is
 * conditional on this worker still holding the job; once it does not (cancelled, taken
 * over), the run stops.
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
        return Mono.defer(() -> runStages(job))
                .flatMap(result -> runs.complete(job.id(), worker, result))
                .onErrorResume(JobLostException.class, lost -> Mono.empty())
                .onErrorResume(error -> fail(job, error))
                .then();
    }

    private Mono<JsonNode> runStages(Job job) {
        JobType type = types.find(job.type())
                .orElseThrow(() -> new JobFailure(ErrorCode.INTERNAL_ERROR,
                        "job type '" + job.type() + "' is not known to this instance", false));
        List<Stage> stages = type.stages(job.payload());
        List<JsonNode> outputs = new ArrayList<>(stages.size());
        return Flux.fromIterable(stages)
                .concatMap(stage -> runStage(job, stage, outputs, stages.size()))
                .last(NullNode.getInstance());
    }

    /** Runs one stage; {@code outputs} is safe to share because concatMap runs stages one at a time. */
    private Mono<JsonNode> runStage(Job job, Stage stage, List<JsonNode> outputs, int stageCount) {
        int number = outputs.size() + 1;
        StageContext context = new StageContext(job.payload(), outputs, number, stageCount,
                artifact -> saveArtifact(job, artifact));
        return stage.run(context)
                .switchIfEmpty(Mono.error(() -> new JobFailure(ErrorCode.INTERNAL_ERROR,
                        "stage " + stage.name() + " produced no output", false)))
                .flatMap(output -> recordStage(job, stage, number, stageCount, output))
                .doOnNext(outputs::add);
    }

    private Mono<Void> saveArtifact(Job job, Artifact artifact) {
        return runs.saveArtifact(job.id(), worker, artifact)
                .filter(kept -> kept)
                .switchIfEmpty(Mono.error(() -> new JobLostException(job)))
                .then();
    }

    private Mono<JsonNode> recordStage(Job job, Stage stage, int number, int stageCount, JsonNode output) {
        var progress = new Progress(number * 100 / stageCount, stage.name(),
                "Stage " + number + " of " + stageCount + " done");
        return runs.reportProgress(job.id(), worker, progress)
                .switchIfEmpty(Mono.error(() -> new JobLostException(job)))
                .thenReturn(output);
    }

    private Mono<Job> fail(Job job, Throwable error) {
        if (error instanceof JobFailure failure) {
            String message = Objects.requireNonNullElse(failure.getMessage(), failure.code().name());
            return runs.fail(job.id(), worker, failure.code().name(), message);
        }
        log.error("Job {} ({}) failed unexpectedly", job.id(), job.type(), error);
        return runs.fail(job.id(), worker, ErrorCode.INTERNAL_ERROR.name(), "internal error while running the job");
    }

    /** The job is no longer this worker's to run (cancelled, or claimed by another instance). */
    private static final class JobLostException extends RuntimeException {
        JobLostException(Job job) {
            super("job " + job.id() + " is no longer held by this worker", null, false, false);
        }
    }
}
