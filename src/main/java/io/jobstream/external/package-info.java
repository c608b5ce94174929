/**
 * Job types registered at run time, whose stages run in the users' own workers, in any
 * language (issue 18). {@link io.jobstream.external.JobTypeRegistry} registers and retires
 * them ({@code PUT}/{@code DELETE /api/job-types/{name}}, stored in
 * {@code job_type_registrations}); {@code RegisteredTypesSnapshot} keeps every instance's
 * copy current and implements the {@code jobtype} port
 * {@link io.jobstream.jobtype.RegisteredJobTypes}, through which {@code JobTypes} checks
 * submissions of every door against a registered schema exactly as against a built-in one.
 *
 * <p>A job of a registered type is stored with {@code jobs.external = true}. The outbox relay
 * never publishes a start command for it and this service's own workers never claim it, so it
 * waits {@code queued} (or {@code retrying}) for an external worker. Everything else about it
 * is a job like any other: cancel, quotas, streams, webhooks, the events topic.
 *
 * <p>A type has one {@link io.jobstream.external.Delivery}: {@code http} (workers claim over
 * HTTP long-poll) or {@code kafka} (jobs are offered on {@code jobstream.work.<type>}). Not
 * both, because a Kafka offer carries a claim made when it is offered: the job is that
 * offer's from then on, and an HTTP worker must not take it meanwhile.
 *
 * <p><b>Workers.</b> {@link io.jobstream.external.WorkClaims} hands out jobs and
 * {@link io.jobstream.external.WorkReports} takes the workers' reports; both take plain
 * arguments (a {@link io.jobstream.external.Worker}, a job id, a claim token), so that every
 * transport (HTTP in {@code api.WorkerHandler}, Kafka in {@code WorkerReportIntake}) is a thin reader over them. The
 * decisions, in one place:
 *
 * <ul>
 *   <li>A claim token is 256 random bits (base64url); only its SHA-256 is stored, twice:
 *       {@code claimed_by = 'worker:' || hash}, so that every write of the attempt goes
 *       through the store's existing conditional statements ({@link io.jobstream.job.Attempt}:
 *       job, worker, attempt number), and {@code claim_token_hash} (V22), which a cancel does
 *       not clear, so that the worker's next heartbeat can be told {@code cancel_requested}.
 *   <li>A claim is one transaction: the hand-out lock the outbox relay takes too, then the
 *       relay's per-owner fairness and quota ({@link io.jobstream.job.FairShare}) over waiting
 *       external jobs of the types asked for, {@code for update skip locked}, and the START
 *       transition with the type's heartbeat timeout as lease. The lock serialises claims (and
 *       the relay, which skips a round while a claim holds it) across instances: that is
 *       what makes the per-owner limit exact. It is held for one short statement.
 *   <li>A claim that waits holds no thread and no connection: it looks again when a job is
 *       queued on any instance (the event notifications) and every {@code claim-recheck}.
 *       Each waiting claim looks on every wake-up, so many idle workers cost one short
 *       statement each per wake-up: a worker should wait long ({@code wait_seconds} 20–30)
 *       rather than poll.
 *   <li>A lost lease is the {@code LeaseReaper}'s, as for this service's instances; a time
 *       limit is {@link io.jobstream.external.TimeLimitSweep}'s; a cancel ends the job at once
 *       (no instance runs it); retries follow {@link io.jobstream.job.JobRuns#failOrRetry},
 *       the one rule for every worker.
 * </ul>
 *
 * <p><b>Over Kafka.</b> The Kafka transport is three ports that the messaging package
 * implements ({@link io.jobstream.external.WorkOffers}, {@link io.jobstream.external.WorkerReportSource},
 * {@link io.jobstream.external.WorkerControl}), so nothing here knows Kafka:
 *
 * <ul>
 *   <li>An offer is a claim jobstream makes itself: {@code WorkOfferRelay} claims through
 *       {@link io.jobstream.external.WorkClaims} (same lock, fairness, tokens, leases) and
 *       publishes; a failed publish hands the jobs back without counting the attempt
 *       ({@link io.jobstream.job.JobRuns#handBack}). A worker that never answers loses the
 *       lease like any other.
 *   <li>Reports are applied by {@code WorkerReportIntake} through {@link io.jobstream.external.WorkReports},
 *       in topic order, committed after: at least once, harmless because a repeated report
 *       rewrites the same state or finds its attempt over (stale). Stale: debug log and a
 *       {@code rejected} control record. Malformed: the dead-letter topic.
 *   <li>The Kafka worker has no bearer token: it is {@code jobstream.external.kafka-worker},
 *       allowed every Kafka-delivered type; the topics' ACLs say who it is.
 *   <li>Cancels: {@code CancelAnnouncer} hears every cancel (the event notifications) and
 *       sends a {@code cancel} control record for a Kafka-delivered job that was claimed;
 *       every instance hears it, the one that marks it first (V23) sends it. One missed is repaired at the
 *       worker's next report (a heartbeat is answered with a cancel, others with a rejection).
 * </ul>
 */
@NullMarked
package io.jobstream.external;

import org.jspecify.annotations.NullMarked;
