package io.jobstream.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The job store as external workers need it, beside the writes of {@link JobRuns} that every
 * worker makes: claims, which are handed out under the same lock and per-owner limit as the
 * outbox relay's start commands ({@link FairShare}), a job by id for whichever owner, its
 * completed stages, and running jobs past their time limits.
 */
@Service
public class ExternalRuns {

    private final ExternalRunRepository runs;
    private final TransactionalOperator transactions;
    private final QuotaProperties quota;

    ExternalRuns(ExternalRunRepository runs, TransactionalOperator transactions, QuotaProperties quota) {
        this.runs = runs;
        this.transactions = transactions;
        this.quota = quota;
    }

    /**
     * Claims up to {@code tokenHashes.size()} due jobs of the types of {@code leases}, each
     * under its type's lease, one hash each; committed before they are emitted. A job the
     * relay has marked dispatched counts as in flight for {@code redispatchAfter}.
     */
    public Flux<ExternalRun> claim(Map<String, Duration> leases, List<String> tokenHashes, Duration redispatchAfter) {
        if (leases.isEmpty() || tokenHashes.isEmpty()) {
            return Flux.empty();
        }
        // collected inside the transaction, emitted after its commit: a transactional Flux
        // hands its rows on while the transaction (and the hand-out lock) is still open, and
        // what the caller does with them may need a connection of its own; with every pooled
        // connection held by claims waiting for that lock, it would wait for ever
        return runs.lock()
                .thenMany(runs.claim(leases, tokenHashes, redispatchAfter, quota.maxActiveJobsPerOwner()))
                .collectList()
                .as(transactions::transactional)
                .flatMapIterable(claimed -> claimed);
    }

    /** The job of an external type with this id, whoever owns it; empty if there is none. */
    public Mono<ExternalRun> find(UUID id) {
        return runs.find(id);
    }

    /** The stages the job's attempts finished, in order, with their outputs. */
    public Flux<CompletedStage> completedStages(UUID id) {
        return runs.completedStages(id);
    }

    /** Running jobs of the types of {@code limits} past a time limit. */
    public Flux<Overdue> overdue(Map<String, TimeLimits> limits) {
        return limits.isEmpty() ? Flux.empty() : runs.overdue(limits);
    }

    /**
     * Takes the sending of the cancel of a job a worker held (cancelled, external, claimed):
     * true for exactly one caller of every instance that heard of the cancel.
     */
    public Mono<Boolean> takeCancelNotice(UUID id) {
        return runs.takeCancelNotice(id);
    }

    /** Gives the sending of the cancel back (it failed), so that a later try may take it. */
    public Mono<Void> returnCancelNotice(UUID id) {
        return runs.returnCancelNotice(id);
    }

    /**
     * The database's now, and whether a waiting job of an external type became due after
     * {@code since} (an earlier answer's now; null at first): a delayed job whose time came, a
     * retry whose backoff ended. No announcement tells of these; this tells waiting claims.
     */
    public Mono<DueCheck> becameDue(@Nullable Instant since) {
        return runs.becameDue(since);
    }

    /** The database's time of a look, and whether a job became due since the look before. */
    public record DueCheck(Instant now, boolean due) {}

    /** A type's time limits: of one attempt, and of one stage. */
    public record TimeLimits(Duration job, Duration stage) {}

    /** A running job past a limit: the attempt's ({@code jobLimit}) or its current stage's. */
    public record Overdue(ExternalRun run, boolean jobLimit) {}
}
