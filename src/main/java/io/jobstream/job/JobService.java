package io.jobstream.job;

import io.jobstream.dispatch.JobDispatcher;
import io.jobstream.dispatch.QuotaProperties;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.JobTypes;
import io.jobstream.system.Batcher;
import io.jobstream.system.ConflictException;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import io.jobstream.system.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What callers do with jobs. Every read and change is scoped to the caller: their own jobs,
 * or every job for an admin. A job the caller may not see is reported exactly like a job
 * that does not exist.
 */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JobTypes types;
    private final JobDispatcher dispatcher;
    private final JsonMapper json;
    private final QuotaProperties quota;
    private final WebhookTargets webhookTargets;
    /**
     * Submissions that arrive together (concurrent requests, a Kafka poll) are stored by one
     * statement: those dispatched at once, stored marked dispatched, and those the outbox
     * relay will dispatch.
     */
    private final Batcher<NewJob, UUID, Job> dispatchedInserts;
    private final Batcher<NewJob, UUID, Job> queuedInserts;

    JobService(JobRepository jobs, JobTypes types, JobDispatcher dispatcher, JsonMapper json, QuotaProperties quota,
            WebhookTargets webhookTargets) {
        this.quota = quota;
        this.webhookTargets = webhookTargets;
        this.jobs = jobs;
        this.types = types;
        this.dispatcher = dispatcher;
        this.json = json;
        this.dispatchedInserts = new Batcher<>(JobRuns.MAX_BATCH, JobRuns.CONCURRENCY,
                batch -> jobs.insertAll(batch, true), NewJob::id, Job::id);
        this.queuedInserts = new Batcher<>(JobRuns.MAX_BATCH, JobRuns.CONCURRENCY,
                batch -> jobs.insertAll(batch, false), NewJob::id, Job::id);
    }

    /**
     * Validates, stores the job with its first event in one statement, then hands it to the
     * workers. With an idempotency key, a repeat of the same submission returns the job
     * the first one created; the same key with other content is a conflict.
     */
    public Mono<Submitted> submit(Caller caller, Submission submission, @Nullable String idempotencyKey) {
        return Mono.fromCallable(() -> newJob(caller.subject(), submission, idempotencyKey, null))
                .flatMap(this::withAllowedWebhook)
                .flatMap(job -> withinQuota(job.owner(), 1).then(insert(job))
                        .flatMap(this::dispatched)
                        .map(stored -> new Submitted(stored, true))
                        .switchIfEmpty(Mono.defer(() -> replay(job))));
    }

    /**
     * For producers that cannot be told to come back later (Kafka): the job is always stored,
     * and the outbox relay hands it to the workers when the owner has room under the quota,
     * so one owner's flood waits its turn instead of starving others.
     */
    public Mono<Submitted> accept(Caller caller, Submission submission, @Nullable String idempotencyKey) {
        return Mono.fromCallable(() -> newJob(caller.subject(), submission, idempotencyKey, null))
                .flatMap(this::withAllowedWebhook)
                .flatMap(job -> queuedInserts.submit(job)
                        .map(stored -> new Submitted(stored, true))
                        .switchIfEmpty(Mono.defer(() -> replay(job))));
    }

    /**
     * Refuses a submission that would take the owner beyond the quota. Concurrent
     * submissions of one owner can each pass the check, so a burst may exceed it by a few;
     * the relay still runs no more than the quota at once.
     */
    private Mono<Void> withinQuota(String owner, int wanted) {
        return jobs.countActive(owner)
                .filter(active -> active + wanted > quota.maxActiveJobsPerOwner())
                .flatMap(active -> Mono.<Void>error(new QuotaExceededException(owner, active.intValue(), wanted,
                        quota.maxActiveJobsPerOwner(), quota.retryAfter())));
    }

    private Mono<Submitted> replay(NewJob job) {
        return jobs.findReplay(job.owner(), job.idempotencyKey(), job.requestHash())
                .map(first -> new Submitted(first, false))
                .switchIfEmpty(Mono.error(() -> new ConflictException("Idempotency-Key '" + job.idempotencyKey()
                        + "' was used before for a different request")));
    }

    /** Validates every job first: one bad job rejects the batch, naming its index. */
    public Mono<Batch> submitBatch(Caller caller, @Nullable String name, List<Submission> submissions) {
        UUID batchId = UUID.randomUUID();
        return Mono.fromCallable(() -> newJobs(caller.subject(), submissions))
                .flatMap(newJobs -> withAllowedWebhooks(newJobs, index -> "jobs[" + index + "]."))
                .flatMap(newJobs -> withinQuota(caller.subject(), newJobs.size()).thenReturn(newJobs))
                .flatMap(newJobs -> jobs.insertBatch(batchId, caller.subject(), name, newJobs))
                .flatMap(stored -> dispatcher.dispatchAll(stored.stream().map(Job::id).toList())
                        // the batch and its jobs are stored by one statement: its created_at is theirs (now())
                        .thenReturn(new Batch(batchId, caller.subject(), name, stored.size(),
                                stored.getFirst().createdAt(), stored)));
    }

    private List<NewJob> newJobs(String owner, List<Submission> submissions) {
        List<Violation> violations = new ArrayList<>();
        List<NewJob> newJobs = new ArrayList<>(submissions.size());
        for (int index = 0; index < submissions.size(); index++) {
            try {
                newJobs.add(newJob(owner, submissions.get(index), null, null));
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

    /**
     * A new queued job with the type, payload and webhook of a finished one; {@code original_job_id}
     * links them. The webhook's addresses are checked again when it sends, as always.
     */
    public Mono<Job> rerun(Caller caller, UUID id) {
        return getFinished(caller, id, "only a finished job can be rerun")
                .map(original -> newJob(original.owner(),
                        new Submission(original.type(), original.payload(), original.webhook()), null, original.id()))
                .flatMap(this::insert)
                .flatMap(this::dispatched);
    }

    private Mono<NewJob> withAllowedWebhook(NewJob job) {
        return withAllowedWebhooks(List.of(job), index -> "").map(List::getFirst);
    }

    /**
     * Refuses webhook URLs that jobstream may not send to (a host that does not resolve, or
     * resolves to a private address), naming each job's field; every distinct URL is looked up once.
     */
    private Mono<List<NewJob>> withAllowedWebhooks(List<NewJob> newJobs, IntFunction<String> prefix) {
        return Flux.fromIterable(newJobs)
                .mapNotNull(NewJob::webhook)
                .map(Webhook::url)
                .distinct()
                .flatMap(url -> webhookTargets.refusal(url).map(reason -> Map.entry(url, reason)), 8)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(refused -> refused.isEmpty() ? Mono.just(newJobs)
                        : Mono.error(refusedWebhooks(newJobs, refused, prefix)));
    }

    private static InvalidInputException refusedWebhooks(List<NewJob> newJobs, Map<URI, String> refused,
            IntFunction<String> prefix) {
        List<Violation> violations = new ArrayList<>();
        for (int index = 0; index < newJobs.size(); index++) {
            Webhook webhook = newJobs.get(index).webhook();
            if (webhook != null && refused.containsKey(webhook.url())) {
                violations.add(new Violation(prefix.apply(index) + "webhook.url", refused.get(webhook.url())));
            }
        }
        return new InvalidInputException(violations);
    }

    /** Stored marked dispatched, for {@link #dispatched}; empty if the owner's idempotency key is taken. */
    private Mono<Job> insert(NewJob job) {
        return dispatchedInserts.submit(job);
    }

    private Mono<Job> dispatched(Job job) {
        return dispatcher.dispatch(job.id()).thenReturn(job);
    }

    private NewJob newJob(String owner, Submission submission, @Nullable String idempotencyKey,
            @Nullable UUID originalJobId) {
        JobType type = types.validate(submission.type(), submission.payload());
        String hash = idempotencyKey == null ? null : hash(submission);
        return new NewJob(UUID.randomUUID(), owner, type.name(), submission.payload(), type.resultType(),
                originalJobId, idempotencyKey, hash, submission.webhook());
    }

    public Mono<Job> get(Caller caller, UUID id) {
        return jobs.find(id, caller)
                .switchIfEmpty(Mono.error(() -> JobNotFoundException.of(id)));
    }

    /** The job if it has finished; a conflict saying {@code why} while it is active. */
    public Mono<Job> getFinished(Caller caller, UUID id, String why) {
        return get(caller, id)
                .flatMap(job -> job.status().isTerminal() ? Mono.just(job) : Mono.error(conflict(job, why)));
    }

    public Mono<JobPage> list(Caller caller, JobQuery query) {
        return jobs.list(query, caller);
    }

    /** The events after {@code afterSeq}, in order; the caller has already been shown the job. */
    public Flux<JobEvent> eventsAfter(UUID id, long afterSeq) {
        return eventsAfter(id, afterSeq, Integer.MAX_VALUE);
    }

    /** At most {@code limit} events after {@code afterSeq}, in order. */
    public Flux<JobEvent> eventsAfter(UUID id, long afterSeq, int limit) {
        return jobs.eventsAfter(id, afterSeq, limit);
    }

    /**
     * A page of the stream of many jobs' events that the caller may see: at most
     * {@code limit} after {@code after}, with the read's horizon ({@link StreamPage}).
     */
    public Mono<StreamPage> streamEvents(Caller caller, StreamFilter filter, StreamPosition after, int limit) {
        return jobs.streamEvents(caller, filter, after, limit);
    }

    /** Where a stream of many jobs' events that starts now begins: everything before it is past. */
    public Mono<StreamPosition> streamStart() {
        return jobs.streamHorizon().map(StreamPosition::before);
    }

    /** The newest transaction that wrote an event of the batch's jobs (0 if none): a batch stream has sent everything once past it. */
    public Mono<Long> batchLastEventTxid(UUID batchId) {
        return jobs.batchLastEventTxid(batchId);
    }

    /** Whether the batch's jobs have events after {@code after}: what a reconnecting batch stream has missed. */
    public Mono<Boolean> batchHasEventsAfter(UUID batchId, StreamPosition after) {
        return jobs.batchHasEventsAfter(batchId, after);
    }

    /** The horizon of the stream of many jobs' events now (see {@link StreamPage}). */
    public Mono<Long> streamHorizon() {
        return jobs.streamHorizon();
    }

    /** At most {@code limit} events after {@code afterSeq}, for a caller who may see the job. */
    public Mono<List<JobEvent>> events(Caller caller, UUID id, long afterSeq, int limit) {
        return get(caller, id)
                .flatMap(job -> jobs.eventsAfter(id, afterSeq, limit).collectList());
    }

    /** The newest {@code count} lines of the log of a job the caller has been shown, oldest first. */
    public Flux<LogLine> latestLogLines(UUID id, int count) {
        return jobs.latestEvents(id, count)
                .map(LogLine::of);
    }

    /** Lines of the log of a job the caller has been shown: after {@code afterSeq}, at most {@code limit}. */
    public Flux<LogLine> logLines(UUID id, long afterSeq, int limit) {
        return jobs.eventsAfter(id, afterSeq, limit)
                .map(LogLine::of);
    }

    /** Cancels an active job at once; a running one stops within moments on whichever instance runs it. */
    public Mono<Job> cancel(Caller caller, UUID id) {
        return jobs.cancel(id, caller)
                .switchIfEmpty(Mono.defer(() -> conflictIfExists(caller, id, "cancelled")));
    }

    /** Deletes a finished job from history, with its events and artifacts. */
    public Mono<UUID> delete(Caller caller, UUID id) {
        return jobs.deleteFinished(id, caller)
                .switchIfEmpty(Mono.defer(() -> conflictIfExists(caller, id, "deleted").map(Job::id)));
    }

    private Mono<Job> conflictIfExists(Caller caller, UUID id, String action) {
        return get(caller, id)
                .flatMap(job -> Mono.error(conflict(job, "it cannot be " + action)));
    }

    private static ConflictException conflict(Job job, String why) {
        return new ConflictException("Job " + job.id() + " is " + job.status().wireName() + "; " + why);
    }

    public Mono<Batch> batch(Caller caller, UUID batchId) {
        return findBatch(caller, batchId)
                .flatMap(row -> jobs.findBatchJobs(batchId)
                        .collectList()
                        .map(batchJobs -> new Batch(row.id(), row.owner(), row.name(), row.jobCount(), row.createdAt(),
                                batchJobs)));
    }

    /** The batch's status, counts and progress, counted by the database: no job is read. */
    public Mono<BatchSummary> batchSummary(Caller caller, UUID batchId) {
        return findBatch(caller, batchId)
                .flatMap(row -> jobs.tallyBatch(batchId)
                        .map(tally -> new BatchSummary(row.id(), row.owner(), row.name(), row.jobCount(),
                                row.createdAt(), tally)));
    }

    /** Completes if the caller may see the batch, else fails with {@link NotFoundException}; reads only the batch's row. */
    public Mono<Void> checkBatch(Caller caller, UUID batchId) {
        return findBatch(caller, batchId).then();
    }

    private Mono<JobRepository.BatchRow> findBatch(Caller caller, UUID batchId) {
        return jobs.findBatch(batchId, caller)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("No batch " + batchId)));
    }

    /** Cancels the batch's active jobs; the batch afterwards. */
    public Mono<Batch> cancelBatch(Caller caller, UUID batchId) {
        return findBatch(caller, batchId)
                .flatMap(found -> jobs.cancelBatch(batchId, caller).then())
                .then(Mono.defer(() -> batch(caller, batchId)));
    }

    public Flux<String> artifactNames(UUID id) {
        return jobs.artifactNames(id);
    }

    public Mono<Artifact> artifact(UUID id, String name) {
        return jobs.findArtifact(id, name);
    }

    /** A stable digest of what was asked: key order in the payload does not matter. */
    private String hash(Submission submission) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("type", submission.type());
        canonical.put("payload", json.convertValue(submission.payload(), Object.class));
        if (submission.webhook() != null) {
            canonical.put("webhook", json.convertValue(submission.webhook().toJson(), Object.class));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                            .writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
