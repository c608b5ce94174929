package io.jobstream.job;

import io.jobstream.storage.Storage;
import io.jobstream.system.ConflictException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What callers do with jobs once submitted ({@link JobSubmissions} submits them): read, list,
 * follow the log, cancel, delete. Every read and change is scoped to the caller: their own
 * jobs, or every job for an admin. A job the caller may not see is reported exactly like a
 * job that does not exist.
 */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JobListRepository lists;
    private final Storage storage;

    JobService(JobRepository jobs, JobListRepository lists, Storage storage) {
        this.jobs = jobs;
        this.lists = lists;
        this.storage = storage;
    }

    public Mono<Job> get(Caller caller, UUID id) {
        return jobs.find(id, caller).switchIfEmpty(Mono.error(() -> JobNotFoundException.of(id)));
    }

    /**
     * The idempotency key the job was submitted with; empty if none. For a job acting for its
     * owner (an import derives the keys of its lines from it); the API never shows it.
     */
    public Mono<String> idempotencyKey(UUID id) {
        return jobs.findIdempotencyKey(id);
    }

    /** The job if it has finished; a conflict saying {@code why} while it is active. */
    public Mono<Job> getFinished(Caller caller, UUID id, String why) {
        return get(caller, id)
                .flatMap(job -> job.status().isTerminal() ? Mono.just(job) : Mono.error(conflict(job, why)));
    }

    public Mono<JobPage> list(Caller caller, JobQuery query) {
        return lists.list(query, caller);
    }

    /** Every job of the caller the query's filters match, oldest first, streamed in bounded memory. */
    /** The caller's jobs that match the query's filters, counted per status; statuses without jobs are left out. */
    public Mono<Map<JobStatus, Long>> countByStatus(Caller caller, JobQuery query) {
        return lists.countByStatus(query, caller);
    }

    public Flux<Job> stream(Caller caller, JobQuery query) {
        return lists.stream(query, caller);
    }

    /** At most {@code limit} events after {@code afterSeq}, in order; the caller has already been shown the job. */
    public Flux<JobEvent> eventsAfter(UUID id, long afterSeq, int limit) {
        return jobs.eventsAfter(id, afterSeq, limit);
    }

    /** At most {@code limit} events after {@code afterSeq}, for a caller who may see the job. */
    public Mono<List<JobEvent>> events(Caller caller, UUID id, long afterSeq, int limit) {
        return get(caller, id)
                .flatMap(job -> jobs.eventsAfter(id, afterSeq, limit).collectList());
    }

    /** The newest {@code count} lines of the log of a job the caller has been shown, oldest first. */
    public Flux<LogLine> latestLogLines(UUID id, int count) {
        return jobs.latestEvents(id, count).map(LogLine::of);
    }

    /** Lines of the log of a job the caller has been shown: after {@code afterSeq}, at most {@code limit}. */
    public Flux<LogLine> logLines(UUID id, long afterSeq, int limit) {
        return jobs.eventsAfter(id, afterSeq, limit).map(LogLine::of);
    }

    /** Cancels an active job at once; a running one stops within moments on whichever instance runs it. */
    public Mono<Job> cancel(Caller caller, UUID id) {
        return jobs.cancel(id, caller)
                .switchIfEmpty(Mono.defer(() -> conflictIfExists(caller, id, "it cannot be cancelled")));
    }

    /**
     * Deletes a finished job from history, with its events, documents and artifacts, and then
     * what it stored. Should the storage delete fail after the rows are gone, the bytes are
     * orphaned, never a row left pointing at nothing.
     */
    public Mono<UUID> delete(Caller caller, UUID id) {
        return jobs.deleteFinished(id, caller)
                .flatMap(deleted ->
                        storage.deleteAll(JobArtifacts.prefix(deleted)).thenReturn(deleted))
                .switchIfEmpty(Mono.defer(() ->
                        conflictIfExists(caller, id, "it cannot be deleted").map(Job::id)));
    }

    private Mono<Job> conflictIfExists(Caller caller, UUID id, String why) {
        return get(caller, id).flatMap(job -> Mono.error(conflict(job, why)));
    }

    private static ConflictException conflict(Job job, String why) {
        return new ConflictException("Job " + job.id() + " is " + job.status().wireName() + "; " + why);
    }
}
