package io.jobstream.dispatch;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Sends a committed job to the workers. The job row is the outbox: it is stored first, the
 * command published second, and {@code dispatched_at} set last, so a job whose publish
 * failed is still there, undispatched, for the dispatcher to publish again.
 */
@Service
public class JobDispatcher {

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final StartCommands commands;
    private final OutboxRepository outbox;

    JobDispatcher(StartCommands commands, OutboxRepository outbox) {
        this.commands = commands;
        this.outbox = outbox;
    }

    /** Never fails: a publish that does not go through leaves the job undispatched in the outbox. */
    public Mono<Void> dispatch(UUID jobId) {
        return dispatchAll(List.of(jobId));
    }

    /** {@link #dispatch} for many jobs, published together. */
    public Mono<Void> dispatchAll(List<UUID> jobIds) {
        return commands.publish(jobIds)
                .then(Mono.defer(() -> outbox.markDispatched(jobIds)))
                .onErrorResume(error -> undispatched(jobIds, error));
    }

    private static Mono<Void> undispatched(List<UUID> jobIds, Throwable error) {
        log.warn("{} job(s) stored but their start commands not yet published: {}", jobIds.size(), error.toString());
        return Mono.empty();
    }
}
