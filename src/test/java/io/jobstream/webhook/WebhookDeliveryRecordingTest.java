package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.Attempt;
import io.jobstream.job.EventKind;
import io.jobstream.job.JobRuns;
import io.jobstream.job.Progress;
import io.jobstream.job.StoredJobs;
import io.jobstream.job.Webhook;
import io.jobstream.support.StoreTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A delivery is written by the very statement that writes its event: both commit, or
 * neither does. Store tests: no worker or relay runs, jobs are driven through
 * {@link JobRuns} by hand, as a worker would, and no delivery is sent.
 */
@StoreTest
class WebhookDeliveryRecordingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String WORKER = "recording-test";

    @Autowired
    JobRuns runs;

    @Autowired
    DatabaseClient db;

    @Autowired
    ApplicationContext context;

    @Autowired
    TransactionalOperator transactions;

    @AfterEach
    void cleanUp() {
        db.sql("delete from jobs where owner = :owner")
                .bind("owner", WORKER)
                .then()
                .block(TIMEOUT);
    }

    /** A processing job held by this test's worker, whose webhook subscribes to {@code events}; never sent. */
    private Attempt aRunningJobWithAWebhook(EventKind... events) {
        Webhook webhook = new Webhook(URI.create("http://127.0.0.1:9/"), List.of(events), null, null);
        return StoredJobs.in(context).running(WORKER, 2, WORKER, Duration.ofHours(1), webhook);
    }

    private List<String> eventKinds(UUID jobId) {
        return db.sql("select kind from job_events where job_id = :id order by seq")
                .bind("id", jobId)
                .map(row -> row.get("kind", String.class))
                .all()
                .collectList()
                .block(TIMEOUT);
    }

    /** Each delivery as {@code phase@event_seq}. */
    private List<String> deliveries(UUID jobId) {
        return db.sql("select phase, event_seq from webhook_deliveries where job_id = :id order by event_seq")
                .bind("id", jobId)
                .map(row -> row.get("phase", String.class) + "@" + row.get("event_seq", Integer.class))
                .all()
                .collectList()
                .block(TIMEOUT);
    }

    @Test
    void eventAndItsDeliveryCommitTogether() {
        Attempt attempt = aRunningJobWithAWebhook(EventKind.COMPLETED);

        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);

        assertThat(eventKinds(attempt.jobId())).containsExactly("queued", "started", "completed");
        assertThat(deliveries(attempt.jobId())).containsExactly("completed@3");
    }

    @Test
    void eventAndItsDeliveryRollBackTogether() {
        Attempt attempt = aRunningJobWithAWebhook(EventKind.COMPLETED);

        // written by hand: a worker's writes are batched with others in transactions of their own
        Mono<Void> completedEvent = db.sql(
                        "insert into job_events (job_id, seq, kind, status, percent, created_at)"
                                + " select id, last_event_seq + 1, 'completed', 'completed', 100, now() from jobs where id = :id")
                .bind("id", attempt.jobId())
                .then();
        StepVerifier.create(completedEvent
                        .then(Mono.error(new IllegalStateException("rolled back")))
                        .as(transactions::transactional))
                .expectErrorMessage("rolled back")
                .verify(TIMEOUT);

        assertThat(eventKinds(attempt.jobId())).containsExactly("queued", "started");
        assertThat(deliveries(attempt.jobId())).isEmpty();
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);
        assertThat(deliveries(attempt.jobId())).containsExactly("completed@3");
    }

    @Test
    void onlyEventsTheWebhookSubscribesToGetADelivery() {
        Attempt attempt = aRunningJobWithAWebhook(EventKind.COMPLETED, EventKind.FAILED);

        runs.recordStage(attempt, 0, JsonNodeFactory.instance.objectNode(), new Progress(50, "stage-1", "Half"))
                .block(TIMEOUT);
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);

        assertThat(eventKinds(attempt.jobId())).containsExactly("queued", "started", "progress", "completed");
        assertThat(deliveries(attempt.jobId())).containsExactly("completed@4");
    }

    @Test
    void progressSubscriptionGetsADeliveryForEachStage() {
        Attempt attempt = aRunningJobWithAWebhook(EventKind.PROGRESS);

        runs.recordStage(attempt, 0, JsonNodeFactory.instance.objectNode(), new Progress(50, "stage-1", "Half"))
                .block(TIMEOUT);
        runs.recordStage(attempt, 1, JsonNodeFactory.instance.objectNode(), new Progress(100, "stage-2", "All"))
                .block(TIMEOUT);
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);

        assertThat(deliveries(attempt.jobId())).containsExactly("progress@3", "progress@4");
    }
}
