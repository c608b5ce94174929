package io.jobstream.job;

import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.JobTypes;
import io.jobstream.system.Batcher;
import io.jobstream.system.ConflictException;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Traces;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one submit path, for every door: {@code POST /api/jobs}, a batch, a rerun, a record
 * of the submissions topic and the lines of an import. Each submission is validated against its job type, its webhook
 * and the files it names are checked ({@link SubmissionReferences}), its idempotency key
 * honoured, then it is stored with its first event in one statement and handed to the workers.
 */
@Service
public class JobSubmissions {

    private final SubmissionRepository submissions;
    private final BatchRepository batches;
    private final JobService jobs;
    private final JobTypes types;
    private final JobDispatch dispatcher;
    private final JsonMapper json;
    private final QuotaProperties quota;
    private final SubmissionReferences references;
    /**
     * Submissions that arrive together (concurrent requests, a Kafka poll) are stored by one
     * statement: those dispatched at once, stored marked dispatched, and those the outbox
     * relay will dispatch.
     */
    private final Batcher<NewJob, UUID, Job> dispatchedInserts;

    private final Batcher<NewJob, UUID, Job> queuedInserts;
    private final JobMeters meters;
    private final Traces traces;

    JobSubmissions(
            SubmissionRepository submissions,
            BatchRepository batches,
            JobService jobs,
            JobTypes types,
            JobDispatch dispatcher,
            JsonMapper json,
            QuotaProperties quota,
            SubmissionReferences references,
            JobMeters meters,
            Traces traces) {
        this.submissions = submissions;
        this.batches = batches;
        this.jobs = jobs;
        this.types = types;
        this.dispatcher = dispatcher;
        this.json = json;
        this.quota = quota;
        this.references = references;
        this.meters = meters;
        this.traces = traces;
        this.dispatchedInserts = new Batcher<>(
                JobRuns.MAX_BATCH,
                JobRuns.CONCURRENCY,
                batch -> submissions.insertAll(batch, true).doOnNext(meters::submitted),
                NewJob::id,
                Job::id);
        this.queuedInserts = new Batcher<>(
                JobRuns.MAX_BATCH,
                JobRuns.CONCURRENCY,
                batch -> submissions.insertAll(batch, false).doOnNext(meters::submitted),
                NewJob::id,
                Job::id);
    }

    /**
     * Validates, stores the job with its first event in one statement, then hands it to the
     * workers. With an idempotency key ({@link IdempotencyKey}), a repeat of the same
     * submission returns the job the first one created; the same key with other content is a
     * conflict.
     */
    public Mono<Submitted> submit(Caller caller, Submission submission, @Nullable String idempotencyKey) {
        return traced(trace -> newJob(caller.subject(), submission, idempotencyKey, null, trace))
                .flatMap(this::withAllowedReferences)
                .flatMap(job -> withinQuota(job.owner(), 1)
                        .then(dispatchedInserts.submit(job))
                        .flatMap(stored -> dispatched(job, stored))
                        .map(stored -> new Submitted(stored, true))
                        .switchIfEmpty(Mono.defer(() -> replay(job)))
                        .onErrorResume(QuotaExceededException.class, refused -> replayAtQuota(job, refused)));
    }

    /**
     * A repeat of a submission that was stored is answered with its job, also when the owner
     * is at the quota now: the repeat asks for nothing new (a client whose first answer got
     * lost must not be told to come back later for a job it has).
     */
    private Mono<Submitted> replayAtQuota(NewJob job, QuotaExceededException refused) {
        if (job.idempotencyKey() == null || job.requestHash() == null) {
            return Mono.error(refused);
        }
        return submissions
                .findReplay(job.owner(), job.idempotencyKey(), job.requestHash())
                .map(first -> new Submitted(first, false))
                .switchIfEmpty(Mono.error(refused));
    }

    /**
     * For producers that cannot be told to come back later (Kafka): the job is always stored,
     * and the outbox relay hands it to the workers when the owner has room under the quota,
     * so one owner's flood waits its turn instead of starving others.
     */
    public Mono<Submitted> accept(Caller caller, Submission submission, String idempotencyKey) {
        return traced(trace -> newJob(caller.subject(), submission, idempotencyKey, null, trace))
                .flatMap(this::withAllowedReferences)
                .flatMap(job -> queuedInserts
                        .submit(job)
                        .map(stored -> new Submitted(stored, true))
                        .switchIfEmpty(Mono.defer(() -> replay(job))));
    }

    /** Validates every job first: one bad job rejects the batch, naming its index. */
    public Mono<Batch> submitBatch(Caller caller, @Nullable String name, List<Submission> submissions) {
        UUID batchId = UUID.randomUUID();
        return traced(trace -> newJobs(caller.subject(), submissions, trace))
                .flatMap(newJobs -> references.check(newJobs, index -> "jobs[" + index + "]."))
                .flatMap(
                        newJobs -> withinQuota(caller.subject(), newJobs.size()).thenReturn(newJobs))
                .flatMap(newJobs -> batches.insertBatch(batchId, caller.subject(), name, newJobs)
                        .doOnNext(stored -> stored.forEach(meters::submitted))
                        .flatMap(stored -> dispatcher
                                .dispatchAll(dispatchable(newJobs, stored))
                                // the batch and its jobs are stored by one statement: its created_at is theirs (now())
                                .thenReturn(new Batch(
                                        batchId,
                                        caller.subject(),
                                        name,
                                        stored.size(),
                                        stored.getFirst().createdAt(),
                                        stored))));
    }

    /**
     * The stored jobs ({@code stored}, in the order of {@code newJobs}) that this
     * service's workers run now: not those of external types, which their workers claim, nor
     * those scheduled for later, which the outbox relay publishes when due.
     */
    private static List<Job> dispatchable(List<NewJob> newJobs, List<Job> stored) {
        List<Job> dispatchable = new ArrayList<>(stored.size());
        for (int index = 0; index < stored.size(); index++) {
            if (!newJobs.get(index).external() && !stored.get(index).scheduled()) {
                dispatchable.add(stored.get(index));
            }
        }
        return dispatchable;
    }

    /**
     * Lines of a file of submissions (an import) into the batch {@code batchId}, which the
     * first stored line creates; a line's place in the batch is its number. Each line is
     * checked exactly as {@code POST /api/jobs} checks a body, and refused on its own with the
     * reasons the API would give. The owner's quota does not refuse lines: like a Kafka
     * record ({@link #accept}), a file cannot be told to come back later, so its jobs are all
     * stored and the outbox relay runs no more of them at once than the quota allows. Every
     * line has an idempotency key, so lines stored twice are stored once.
     */
    public Mono<List<LineOutcome>> submitLines(
            String owner, UUID batchId, @Nullable String batchName, List<SubmissionLine> lines) {
        return traced(trace -> LineChecks.of(
                        lines, line -> newJob(owner, line.submission(), line.idempotencyKey(), null, trace)))
                .flatMap(checks -> references.refusals(checks.newJobs()).map(checks::withRefusals))
                .flatMap(checks -> checks.numberedJobs().isEmpty()
                        ? Mono.just(checks.outcomes(batchId, List.of()))
                        : stored(owner, batchId, batchName, checks));
    }

    private Mono<List<LineOutcome>> stored(String owner, UUID batchId, @Nullable String batchName, LineChecks checks) {
        return batches.append(batchId, owner, batchName, checks.numberedJobs())
                .doOnNext(meters::submitted)
                .then(batches.findByKeys(owner, checks.keys()).collectList())
                .map(found -> checks.outcomes(batchId, found));
    }

    /**
     * A new queued job with the type, payload and webhook of a finished one; {@code original_job_id}
     * links them. The webhook's addresses are checked again when it sends, as always.
     */
    public Mono<Job> rerun(Caller caller, UUID id) {
        return jobs.getFinished(caller, id, "only a finished job can be rerun")
                .flatMap(original ->
                        traced(trace -> newJob(original.owner(), Submission.of(original), null, original.id(), trace)))
                .flatMap(job -> dispatchedInserts.submit(job).flatMap(stored -> dispatched(job, stored)));
    }

    /**
     * Refuses a submission that would take the owner beyond the quota. Concurrent
     * submissions of one owner can each pass the check, so a burst may exceed it by a few;
     * the relay still runs no more than the quota at once.
     */
    private Mono<Void> withinQuota(String owner, int wanted) {
        return submissions
                .countActive(owner)
                .filter(active -> active + wanted > quota.maxActiveJobsPerOwner())
                .flatMap(active -> Mono.<Void>error(new QuotaExceededException(
                        owner, active.intValue(), wanted, quota.maxActiveJobsPerOwner(), quota.retryAfter())));
    }

    private Mono<Submitted> replay(NewJob job) {
        return submissions
                .findReplay(job.owner(), job.idempotencyKey(), job.requestHash())
                .map(first -> new Submitted(first, false))
                .switchIfEmpty(Mono.error(() -> new ConflictException(
                        "Idempotency-Key '" + job.idempotencyKey() + "' was used before for a different request")));
    }

    private List<NewJob> newJobs(String owner, List<Submission> submissions, @Nullable String traceparent) {
        List<Violation> violations = new ArrayList<>();
        List<NewJob> newJobs = new ArrayList<>(submissions.size());
        for (int index = 0; index < submissions.size(); index++) {
            try {
                newJobs.add(newJob(owner, submissions.get(index), null, null, traceparent));
            } catch (InvalidInputException e) {
                String prefix = "jobs[" + index + "].";
                e.violations().forEach(v -> violations.add(new Violation(prefix + v.field(), v.message())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return newJobs;
    }

    private Mono<NewJob> withAllowedReferences(NewJob job) {
        return references.check(List.of(job), index -> "").map(List::getFirst);
    }

    /**
     * Hands the stored job to this service's workers, unless workers outside claim it (an
     * external type) or it is scheduled for later (the outbox relay publishes it when due).
     */
    private Mono<Job> dispatched(NewJob job, Job stored) {
        return job.external() || stored.scheduled()
                ? Mono.just(stored)
                : dispatcher.dispatch(stored).thenReturn(stored);
    }

    /**
     * Built with the trace context of the caller (the span of the request, the Kafka record or
     * the import job that submits), which the job keeps: its worker and webhooks continue it.
     */
    private <T> Mono<T> traced(Function<@Nullable String, T> build) {
        return Mono.deferContextual(context -> Mono.fromCallable(() -> build.apply(traces.traceparent(context))));
    }

    private NewJob newJob(
            String owner,
            Submission submission,
            @Nullable String idempotencyKey,
            @Nullable UUID originalJobId,
            @Nullable String traceparent) {
        JobType type = types.validate(submission.type(), submission.payload());
        String hash = idempotencyKey == null ? null : SubmissionDigest.of(json, submission);
        return new NewJob(
                UUID.randomUUID(),
                owner,
                type.name(),
                type.external(),
                submission.payload(),
                type.resultType(),
                originalJobId,
                idempotencyKey,
                hash,
                submission.webhook(),
                submission.schedule(),
                traceparent);
    }
}
