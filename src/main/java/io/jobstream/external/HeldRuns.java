package io.jobstream.external;

import io.jobstream.job.Attempt;
import io.jobstream.job.ExternalRun;
import io.jobstream.job.ExternalRuns;
import io.jobstream.job.JobStatus;
import io.jobstream.system.ConflictException;
import io.jobstream.system.NotFoundException;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Looks up the job a worker reports on and checks the two things every report needs: the
 * worker may work the job's type (else the job does not exist, for it), and the claim token
 * is the one of the job's current attempt, still running (else a conflict). The writes that
 * follow are conditional on the attempt, so a claim lost between this check and the write
 * still changes nothing.
 */
@Component
class HeldRuns {

    private final ExternalRuns runs;
    private final JobTypeRegistry registry;

    HeldRuns(ExternalRuns runs, JobTypeRegistry registry) {
        this.runs = runs;
        this.registry = registry;
    }

    /** A job the worker may see, with its type; and whether {@code claimToken} was its latest claim's. */
    Mono<Seen> find(Worker worker, UUID id, String claimToken) {
        return runs.find(id)
                .flatMap(run -> Mono.justOrEmpty(registry.find(run.job().type())
                        .filter(type -> worker.mayWork(type.name()))
                        .map(type -> new Seen(run, type, ClaimTokens.hash(claimToken)))))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("No job " + id)));
    }

    /** {@link #find}, which must be the running attempt of {@code claimToken}. */
    Mono<Held> held(Worker worker, UUID id, String claimToken) {
        return find(worker, id, claimToken).map(HeldRuns::running);
    }

    private static Held running(Seen seen) {
        if (!seen.latestClaim() || seen.run().job().status() != JobStatus.PROCESSING) {
            throw stale(seen.run().job().id());
        }
        return new Held(seen.run(), seen.type(), seen.run().attempt(seen.tokenHash()));
    }

    /** The answer to a write that found the attempt no longer holding the job. */
    static ConflictException stale(UUID id) {
        return new ConflictException("The claim token is not (or no longer) the one of job " + id
                + "'s running attempt: its lease ran out, it was cancelled, or it has finished");
    }

    /** A job a worker may see, its type, and the hash of the claim token the worker sent. */
    record Seen(ExternalRun run, ExternalJobType type, String tokenHash) {
        boolean latestClaim() {
            return tokenHash.equals(run.tokenHash());
        }
    }

    /** A job the worker's attempt holds (at the time of the lookup). */
    record Held(ExternalRun run, ExternalJobType type, Attempt attempt) {}
}
