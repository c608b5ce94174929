package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.progress.AllJobsFeed;
import io.jobstream.progress.JobsFeedItem;
import io.jobstream.progress.StreamFilter;
import io.jobstream.progress.StreamPosition;
import io.jobstream.support.EventsTopic;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A job's events keep their order where many jobs' events are read in transaction order:
 * the stream of all a caller's jobs, and the events topic. Runs with the whole application,
 * whose events relay publishes the topic.
 */
@JobstreamTest
class JobEventOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonNode OUTPUT = JsonNodeFactory.instance.objectNode().put("done", true);

    @Autowired
    SubmissionRepository submissions;

    @Autowired
    JobRunRepository runs;

    @Autowired
    AllJobsFeed feed;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    private Mono<UUID> recordStage(Attempt attempt, int stageIndex, Progress progress) {
        return runs.recordStages(List.of(new JobRunRepository.StageRecord(attempt, stageIndex, OUTPUT, progress)))
                .next();
    }

    /**
     * A statement can write a job's next event after a younger transaction wrote the one
     * before it: an older transaction that waited for the job's row. Streams of many jobs and
     * the events topic go in transaction order, yet must keep each job's order: here the older
     * transaction writes seq 4 after the younger one wrote seq 3, while a transaction that
     * began between the two is still open, so the events relay may publish the older one's
     * transaction before the younger one's. (Marked dispatched and claimed at once by this
     * test: no worker of the application runs it.)
     */
    @Test
    void anOlderTransactionWritingAJobsNextEventKeepsTheJobsOrderInStreamsAndOnTheEventsTopic() throws Exception {
        Caller owner = Caller.user("order-" + UUID.randomUUID());
        Job queued = submissions
                .insertAll(
                        List.of(NewJobs.demo().owner(owner.subject()).stages(3).build()), true)
                .blockLast(TIMEOUT);
        Attempt attempt = Attempt.of(
                runs.claimAll(List.of(queued.id()), "orderly", Duration.ofMinutes(1))
                        .blockLast(TIMEOUT),
                "orderly");
        try (Connection between = TestInfrastructure.database().connect()) {
            between.setAutoCommit(false);
            Mono<Void> beginBetween = Mono.fromCallable(() -> {
                        try (Statement statement = between.createStatement()) {
                            return statement.execute("select pg_current_xact_id()");
                        }
                    })
                    .subscribeOn(Schedulers.boundedElastic())
                    .then();
            // its own connection and transaction: block() does not see the caller's
            Mono<UUID> younger = Mono.fromCallable(() -> recordStage(attempt, 0, new Progress(33, "one", "1"))
                            .block(TIMEOUT))
                    .subscribeOn(Schedulers.boundedElastic());

            db.sql("select pg_current_xact_id()")
                    .then()
                    .then(beginBetween)
                    .then(younger)
                    .then(recordStage(attempt, 1, new Progress(66, "two", "2")))
                    .as(transactions::transactional)
                    .block(TIMEOUT);
            Thread.sleep(1_000); // several looks of the events relay (every 250 ms) while it is open
            between.commit();
        }

        List<Long> streamed = feed.follow(owner, new StreamFilter(Set.of(), null, null), StreamPosition.before(0))
                .ofType(JobsFeedItem.Event.class)
                .map(item -> item.event().event().seq())
                .take(4)
                .collectList()
                .block(TIMEOUT);
        assertThat(streamed).containsExactly(1L, 2L, 3L, 4L);
        String id = queued.id().toString();
        assertThat(EventsTopic.read(List.of(id), events -> events.get(id).size() >= 4)
                        .get(id))
                .extracting(event -> event.get("seq").asInt())
                .containsExactly(1, 2, 3, 4);
    }
}
