package io.jobstream.job;

import io.jobstream.dispatch.JobDispatcher;
import io.jobstream.jobtype.JobTypes;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** What callers do with jobs: submit them and read them. Every read is scoped to the owner. */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JobTypes types;
    private final JobDispatcher dispatcher;

    JobService(JobRepository jobs, JobTypes types, JobDispatcher dispatcher) {
        this.jobs = jobs;
        this.types = types;
        this.dispatcher = dispatcher;
    }

    /**
     * Validates, stores the job with its first event in one statement, then hands it to the
     * workers. The job is durable before anything is published.
     */
    public Mono<Job> submit(String owner, String type, JsonNode payload) {
        return Mono.fromCallable(() -> types.validate(type, payload))
                .flatMap(valid -> jobs.insert(UUID.randomUUID(), owner, type, payload))
                .flatMap(job -> dispatcher.dispatch(job.id()).thenReturn(job));
    }

    public Mono<Job> get(String owner, UUID id) {
        return jobs.findByOwner(id, owner)
                .switchIfEmpty(Mono.error(() -> JobNotFoundException.of(id)));
    }

    /** The events after {@code afterSeq}, in order; the caller has already been shown the job. */
    public Flux<JobEvent> eventsAfter(UUID id, long afterSeq) {
        return jobs.eventsAfter(id, afterSeq);
    }
}
