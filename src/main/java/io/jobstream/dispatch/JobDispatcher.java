package io.jobstream.dispatch;

import io.jobstream.job.Job;
import io.jobstream.job.JobDispatch;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Sends committed jobs to the workers. The job row is the outbox: the statement that stores a
 * job to be sent at once marks it dispatched, then its command is published. A publish that
 * fails takes the marks back, so the outbox relay publishes those jobs as soon as it can; an
 * instance that dies in between leaves them marked, and they are published again after
 * {@code redispatch-after}, as with the relay's own batches. (Marking after the publish cost
 * a second write of every job, which waited on, and once deadlocked with, workers claiming it.)
 */
@Service
class JobDispatcher implements JobDispatch {

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final StartCommands commands;
    private final OutboxRepository outbox;

    JobDispatcher(StartCommands commands, OutboxRepository outbox) {
        this.commands = commands;
        this.outbox = outbox;
    }

    /** Published together; a publish that does not go through leaves the jobs undispatched in the outbox. */
    @Override
    public Mono<Void> dispatchAll(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return Mono.empty();
        }
        List<UUID> jobIds = jobs.stream().map(Job::id).toList();
        return commands.publish(jobs.stream()
                        .map(job -> new JobStart(job.id(), job.traceparent()))
                        .toList())
                .onErrorResume(error -> outbox.unmarkDispatched(jobIds)
                        .doOnError(unmark -> log.warn(
                                "{} job(s) stay marked dispatched; they are published again after"
                                        + " redispatch-after: {}",
                                jobIds.size(),
                                unmark.toString()))
                        .onErrorComplete()
                        .then(undispatched(jobIds, error)));
    }

    private static Mono<Void> undispatched(List<UUID> jobIds, Throwable error) {
        log.warn("{} job(s) stored but their start commands not yet published: {}", jobIds.size(), error.toString());
        return Mono.empty();
    }
}
