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
 */
@NullMarked
package io.jobstream.external;

import org.jspecify.annotations.NullMarked;
