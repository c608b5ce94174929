/**
 * Retention: finished jobs and unused files are deleted once they are older than their window
 * ({@code jobstream.retention.*}), by one instance of the cluster at a time, in short batches.
 *
 * <p>What goes with a job: the database deletes every row that hangs off it (all by
 * {@code on delete cascade}: events, and through them webhook deliveries and their attempts;
 * checkpoints; documents and their chunks; artifacts; the crawl frontier); its batch once the
 * batch has no job left; and whatever it stored under its storage prefix ({@code jobs/<id>/}:
 * artifacts, copies of URL and inline documents, parsed text). Files it read are uploads of
 * their own, kept while any kept job names them. Decisions:
 *
 * <ul>
 *   <li>A rerun does not keep its original: each job is measured by its own finish. The rerun
 *       carries its own copy of the type, payload and webhook, and {@code original_job_id}
 *       (no foreign key, V2) may then name a job that is gone, as after a delete from history.
 *   <li>A job goes only once the events relay has published all its events (its
 *       {@code events_txid} is behind the relay's cursor): a relay held up by a Kafka outage
 *       longer than a window delays retention instead of losing events from the topic. A job
 *       with a webhook delivery still pending (one redelivered by its owner lately) waits until
 *       the delivery ends, so the webhook relay never records an attempt of a deleted delivery.
 *   <li>Active jobs ({@code queued}, {@code processing}, {@code retrying}) have no finish time and
 *       are never touched, however old; neither are the pending webhook deliveries of kept jobs.
 *   <li>A file is measured from its upload, and goes once no job still in the database (of any
 *       status) names it in a {@code file_id} field of its payload.
 *   <li>Storage objects are deleted after their rows, from a queue written in the rows'
 *       transaction ({@code retention_object_deletes}): a failed delete is retried next round,
 *       and no row ever names bytes that are gone.
 * </ul>
 */
@NullMarked
package io.jobstream.retention;

import org.jspecify.annotations.NullMarked;
