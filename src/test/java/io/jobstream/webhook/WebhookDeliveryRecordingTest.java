package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.Attempt;
import io.jobstream.job.JobRuns;
import io.jobstream.job.Progress;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A delivery is written by the very statement that writes its event: both commit, or
 * neither does. Jobs here are written straight into the table and driven through
 * {@link JobRuns} by hand, as a worker would, so no worker or relay races the test for them.
 */
@JobstreamTest
class WebhookDeliveryRecordingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String WORKER = "recording-test";

    @Autowired
    JobRuns runs;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = WebhookReceiver.answering();
    }

    @AfterEach
    void cleanUp() {
        db.sql("delete from jobs where owner = :owner")
                .bind("owner", WORKER)
                .then()
                .block(TIMEOUT);
        receiver.close();
    }

    /** A processing job held by this test's worker, whose webhook subscribes to {@code events} (a JSON array). */
    private Attempt aRunningJobWithAWebhook(String events) {
        return RunningJobs.withWebhook(
                db, WORKER, "{\"url\": \"" + receiver.url("/") + "\", \"events\": " + events + "}");
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
        Attempt attempt = aRunningJobWithAWebhook("[\"completed\"]");

        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);

        assertThat(eventKinds(attempt.jobId())).containsExactly("started", "completed");
        assertThat(deliveries(attempt.jobId())).containsExactly("completed@2");
    }

    @Test
    void eventAndItsDeliveryRollBackTogether() {
        Attempt attempt = aRunningJobWithAWebhook("[\"completed\"]");

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

        assertThat(eventKinds(attempt.jobId())).containsExactly("started");
        assertThat(deliveries(attempt.jobId())).isEmpty();
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);
        assertThat(deliveries(attempt.jobId())).containsExactly("completed@2");
    }

    @Test
    void onlyEventsTheWebhookSubscribesToGetADelivery() {
        Attempt attempt = aRunningJobWithAWebhook("[\"completed\", \"failed\"]");

        runs.recordStage(attempt, 0, JsonNodeFactory.instance.objectNode(), new Progress(50, "stage-1", "Half"))
                .block(TIMEOUT);
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);

        assertThat(eventKinds(attempt.jobId())).containsExactly("started", "progress", "completed");
        assertThat(deliveries(attempt.jobId())).containsExactly("completed@3");
    }

    @Test
    void progressSubscriptionGetsADeliveryForEachStage() {
        Attempt attempt = aRunningJobWithAWebhook("[\"progress\"]");

        runs.recordStage(attempt, 0, JsonNodeFactory.instance.objectNode(), new Progress(50, "stage-1", "Half"))
                .block(TIMEOUT);
        runs.recordStage(attempt, 1, JsonNodeFactory.instance.objectNode(), new Progress(100, "stage-2", "All"))
                .block(TIMEOUT);
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);

        assertThat(deliveries(attempt.jobId())).containsExactly("progress@2", "progress@3");
    }
}
