/**
 * Signed webhooks. A job may carry a {@link io.jobstream.job.Webhook}; for every event it
 * subscribes to, a database trigger writes a delivery in the same statement that writes the
 * event, so the two commit (or roll back) together. The {@code WebhookRelay} on every
 * instance claims due deliveries ({@code FOR UPDATE SKIP LOCKED}, committed with a lease
 * before sending, so two instances never send one delivery at once), builds the body once
 * at the first attempt and keeps it, signs each attempt the Standard Webhooks way with the
 * owner's secret ({@code webhook-id} = the delivery id, the same over all its attempts), and
 * records every attempt; a failure is retried with exponential backoff and jitter until
 * {@code jobstream.webhooks.retry-for} has passed since the event. Delivery is at least once
 * (an instance that dies after sending but before recording sends again when its lease ends),
 * and never again after a success unless someone asks for a redelivery.
 *
 * <p>Addresses: the egress package's {@link io.jobstream.egress.AddressPolicy} (shared with
 * documents fetched by URL), set up by {@code WebhookAddresses} with
 * {@code jobstream.webhooks.allowed-networks}, refuses URLs whose host resolves to loopback,
 * private, link-local and other special addresses at submit time, and the guard in the
 * sender's client refuses them again on every connection, after DNS, so a name that later
 * resolves inward (DNS rebinding) only earns a failed attempt.
 *
 * <p>The job JSON inside each body is the API's own ({@link io.jobstream.webhook.JobRepresentation},
 * implemented by the api package), so a receiver sees what {@code GET /api/jobs/{id}} shows.
 */
@NullMarked
package io.jobstream.webhook;

import org.jspecify.annotations.NullMarked;
