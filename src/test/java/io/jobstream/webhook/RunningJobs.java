package io.jobstream.webhook;

import io.jobstream.job.Attempt;
import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Jobs written straight into the table, processing and held by a worker named after their
 * owner, with one {@code started} event: no worker of the application touches them, and a
 * test drives them through {@code JobRuns} with the returned attempt.
 */
final class RunningJobs {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RunningJobs() {}

    /** {@code webhook} is the JSON of the job's webhook column. */
    static Attempt withWebhook(DatabaseClient db, String owner, String webhook) {
        UUID id = UUID.randomUUID();
        db.sql("insert into jobs (id, owner, type, status, payload, last_event_seq, attempts, created_at, updated_at,"
                        + " started_at, run_at, dispatched_at, claimed_by, lease_expires_at, webhook)"
                        + " values (:id, :owner, 'demo', 'processing', '{\"stages\": 2}', 1, 1, now(), now(), now(), now(),"
                        + " now(), :owner, now() + interval '1 hour', :webhook::jsonb)")
                .bind("id", id)
                .bind("owner", owner)
                .bind("webhook", webhook)
                .then()
                .then(db.sql("insert into job_events (job_id, seq, kind, status, percent, created_at)"
                                + " values (:id, 1, 'started', 'processing', 0, now())")
                        .bind("id", id)
                        .then())
                .block(TIMEOUT);
        return new Attempt(id, owner, 1);
    }
}
