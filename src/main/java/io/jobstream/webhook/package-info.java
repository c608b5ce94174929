/**
 * Webhooks. A job may carry a {@link io.jobstream.job.Webhook}; for every event it
 * subscribes to, a database trigger writes a delivery in the same statement that writes the
 * event, so the two commit (or roll back) together.
 *
 * <p>Addresses: {@link io.jobstream.webhook.AddressPolicy} refuses URLs whose host resolves
 * to loopback, private, link-local and other special addresses (unless allowed by
 * {@code jobstream.webhooks.allowed-networks}) at submit time.
 */
@NullMarked
package io.jobstream.webhook;

import org.jspecify.annotations.NullMarked;
