package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.EventsTopic;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The store against real PostgreSQL. Jobs here are inserted straight into the table, so no
 * start command is published and no worker touches them.
 */
@JobstreamTest
class JobRepositoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Caller OWNER = new Caller("repo-test", false);
    private static final tools.jackson.databind.JsonNode OUTPUT = JsonNodeFactory.instance.objectNode().put("done", true);

    @Autowired
    JobRepository jobs;

    @Autowired
    DatabaseClient db;

    @Autowired
    ApplicationContext context;

    @Autowired
    TransactionalOperator transactions;

    /** A new demo job of {@code owner} with {@code stages} stages and no idempotency key. */
    private static NewJob demoJob(String owner, int stages) {
        return new NewJob(UUID.randomUUID(), owner, "demo", JsonNodeFactory.instance.objectNode().put("stages", stages),
                "json", null, null, null);
    }

    private Job aQueuedJob() {
        return jobs.insertAll(List.of(demoJob("repo-test", 1)), false).blockLast(TIMEOUT);
    }

    /**
     * A queued job whose start command counts as sent (none was), so neither the outbox
     * relay nor a worker touches it while a test claims it by hand.
     */
    private Job aQueuedJobNobodyRuns() {
        UUID id = UUID.randomUUID();
        db.sql("insert into jobs (id, owner, type, status, payload, last_event_seq, created_at, updated_at, run_at,"
                        + " dispatched_at) values (:id, 'repo-test', 'demo', 'queued', '{\"stages\": 1}', 1, now(), now(),"
                        + " now(), now())")
                .bind("id", id)
                .then()
                .then(db.sql("insert into job_events (job_id, seq, kind, status, percent, created_at)"
                                + " values (:id, 1, 'queued', 'queued', 0, now())")
                        .bind("id", id)
                        .then())
                .block(TIMEOUT);
        return jobs.find(id, OWNER).block(TIMEOUT);
    }

    private Mono<Job> claim(UUID id, String worker, Duration lease) {
        return jobs.claimAll(List.of(id), worker, lease).next();
    }

    private Mono<UUID> recordStage(Attempt attempt, int stageIndex, tools.jackson.databind.JsonNode output,
            Progress progress) {
        return jobs.recordStages(List.of(new JobRepository.StageRecord(attempt, stageIndex, output, progress))).next();
    }

    private Mono<UUID> complete(Attempt attempt, tools.jackson.databind.@Nullable JsonNode result, String message) {
        return jobs.completeAll(List.of(new JobRepository.Completion(attempt, result, null)), message).next();
    }

    /**
     * Jobs whose commands the caller publishes at once are stored already marked dispatched
     * (no second write of each job); the others are left for the outbox relay.
     */
    @Test
    void jobsToBeSentAtOnceAreStoredMarkedDispatched() {
        SmartLifecycle relay = context.getBean("outboxRelay", SmartLifecycle.class);
        relay.stop(); // it would mark the other job itself
        try {
            NewJob sentAtOnce = demoJob("repo-test", 1);
            NewJob leftToTheRelay = demoJob("repo-test", 1);

            jobs.insertAll(List.of(sentAtOnce), true).blockLast(TIMEOUT);
            jobs.insertAll(List.of(leftToTheRelay), false).blockLast(TIMEOUT);

            assertThat(dispatched(sentAtOnce.id())).isTrue();
            assertThat(dispatched(leftToTheRelay.id())).isFalse();
        } finally {
            relay.start();
        }
    }

    private boolean dispatched(UUID id) {
        return Boolean.TRUE.equals(db.sql("select dispatched_at is not null as dispatched from jobs where id = :id")
                .bind("id", id)
                .map(row -> row.get("dispatched", Boolean.class))
                .one()
                .block(TIMEOUT));
    }

    @Test
    void oneStatementStoresManyJobsButOnlyOneForAnIdempotencyKeyEvenWhenItsRepeatIsInTheSameStatement() {
        String key = "key-" + UUID.randomUUID();
        var payload = JsonNodeFactory.instance.objectNode().put("stages", 1);
        NewJob first = new NewJob(UUID.randomUUID(), "repo-test", "demo", payload, "json", null, key, "hash");
        NewJob repeat = new NewJob(UUID.randomUUID(), "repo-test", "demo", payload, "json", null, key, "hash");
        NewJob other = demoJob("repo-test", 1);

        List<Job> stored = jobs.insertAll(List.of(first, repeat, other), false).collectList().block(TIMEOUT);

        assertThat(stored).extracting(Job::id).containsExactlyInAnyOrder(first.id(), other.id());
        assertThat(stored).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.QUEUED));
        StepVerifier.create(jobs.findReplay("repo-test", key, "hash").map(Job::id))
                .expectNext(first.id())
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(jobs.eventsAfter(other.id(), 0, 10).map(JobEvent::kind))
                .expectNext(EventKind.QUEUED)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void oneStatementClaimsRecordsAndCompletesManyJobsEachOnlyForItsOwnAttempt() {
        List<Job> queued = List.of(aQueuedJobNobodyRuns(), aQueuedJobNobodyRuns(), aQueuedJobNobodyRuns());
        List<UUID> ids = queued.stream().map(Job::id).toList();

        List<Job> claimed = jobs.claimAll(ids, "holder", LEASE).collectList().block(TIMEOUT);
        assertThat(claimed).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(jobs.claimAll(ids, "another", LEASE).collectList().block(TIMEOUT)).isEmpty();

        Attempt first = Attempt.of(claimed.get(0), "holder");
        Attempt second = Attempt.of(claimed.get(1), "holder");
        Attempt notTheHolder = new Attempt(claimed.get(2).id(), "intruder", claimed.get(2).attempts());
        List<UUID> recorded = jobs.recordStages(List.of(
                        new JobRepository.StageRecord(first, 0, OUTPUT, new Progress(100, "only", "first done")),
                        new JobRepository.StageRecord(second, 0, OUTPUT, new Progress(100, "only", "second done")),
                        new JobRepository.StageRecord(notTheHolder, 0, OUTPUT, new Progress(100, "only", "stolen"))))
                .collectList()
                .block(TIMEOUT);
        assertThat(recorded).containsExactlyInAnyOrder(first.jobId(), second.jobId());
        assertThat(jobs.checkpoints(first.jobId()).collectList().block(TIMEOUT)).containsExactly(OUTPUT);
        assertThat(jobs.checkpoints(notTheHolder.jobId()).collectList().block(TIMEOUT)).isEmpty();

        Progress lastStage = new Progress(100, "last", "Stage 2 of 2 done");
        List<UUID> completed = jobs.completeAll(List.of(new JobRepository.Completion(first, OUTPUT, lastStage),
                        new JobRepository.Completion(second, null, null),
                        new JobRepository.Completion(notTheHolder, OUTPUT, lastStage)),
                        "Completed")
                .collectList()
                .block(TIMEOUT);
        assertThat(completed).containsExactlyInAnyOrder(first.jobId(), second.jobId());
        Job firstDone = jobs.find(first.jobId(), OWNER).block(TIMEOUT);
        assertThat(firstDone.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(firstDone.result()).isEqualTo(OUTPUT);
        assertThat(jobs.find(second.jobId(), OWNER).block(TIMEOUT).result()).isNull();
        assertThat(jobs.find(notTheHolder.jobId(), OWNER).block(TIMEOUT).status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(firstDone.progress()).isEqualTo(new Progress(100, "last", "Completed"));
        StepVerifier.create(jobs.eventsAfter(first.jobId(), 1, 100)
                        .map(event -> event.seq() + " " + event.kind() + " " + event.status() + " " + event.progress()))
                .expectNext("2 STARTED PROCESSING Progress[percent=0, stage=null, message=Started]")
                .expectNext("3 PROGRESS PROCESSING Progress[percent=100, stage=only, message=first done]")
                .expectNext("4 PROGRESS PROCESSING Progress[percent=100, stage=last, message=Stage 2 of 2 done]")
                .expectNext("5 COMPLETED COMPLETED Progress[percent=100, stage=last, message=Completed]")
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(jobs.eventsAfter(second.jobId(), 3, 100).map(event -> event.seq() + " " + event.kind()))
                .expectNext("4 COMPLETED")
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void insertStoresTheJobQueuedWithItsFirstEvent() {
        Job job = aQueuedJob();

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.lastEventSeq()).isEqualTo(1);
        StepVerifier.create(jobs.eventsAfter(job.id(), 0, 1))
                .assertNext(event -> {
                    assertThat(event.seq()).isEqualTo(1);
                    assertThat(event.kind()).isEqualTo(EventKind.QUEUED);
                    assertThat(event.status()).isEqualTo(JobStatus.QUEUED);
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void jobCannotBeClaimedTwice() {
        Job job = aQueuedJobNobodyRuns();

        List<Job> winners = Flux.range(0, 8)
                .flatMap(worker -> claim(job.id(), "worker-" + worker, LEASE), 8)
                .collectList()
                .block(TIMEOUT);

        assertThat(winners).hasSize(1);
        assertThat(winners.getFirst().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(winners.getFirst().attempts()).isEqualTo(1);
        StepVerifier.create(jobs.eventsAfter(job.id(), 1, 100))
                .assertNext(event -> assertThat(event.kind()).isEqualTo(EventKind.STARTED))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void onlyTheHolderReportsProgressAndFinishes() {
        Job job = aQueuedJobNobodyRuns();
        Attempt holder = Attempt.of(claim(job.id(), "holder", LEASE).block(TIMEOUT), "holder");
        Attempt intruder = new Attempt(job.id(), "intruder", holder.number());

        StepVerifier.create(recordStage(intruder, 0, OUTPUT, new Progress(50, "s", "m")))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(complete(intruder, null, "done"))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(recordStage(holder, 0, OUTPUT, new Progress(50, "s", "half way")))
                .expectNext(job.id())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(jobs.find(job.id(), OWNER).block(TIMEOUT).progress()).isEqualTo(new Progress(50, "s", "half way"));
    }

    @Test
    void finishedJobAcceptsNoFurtherChange() {
        Job job = aQueuedJobNobodyRuns();
        Attempt holder = Attempt.of(claim(job.id(), "holder", LEASE).block(TIMEOUT), "holder");
        Job failed = jobs.fail(holder, "PARSE_ERROR", "bad input").block(TIMEOUT);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.completedAt()).isNotNull();
        StepVerifier.create(claim(job.id(), "holder", LEASE)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(complete(holder, null, "done")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(recordStage(holder, 1, OUTPUT, new Progress(10, null, null)))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(jobs.eventsAfter(job.id(), 0, 100).map(JobEvent::kind))
                .expectNext(EventKind.QUEUED, EventKind.STARTED, EventKind.FAILED)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void anAttemptThatLostItsLeaseChangesNothingEvenWhenItsInstanceClaimsTheJobAgain() {
        Job job = aQueuedJobNobodyRuns();
        Attempt first = Attempt.of(claim(job.id(), "same-instance", LEASE).block(TIMEOUT), "same-instance");
        // as the reaper would after the lease expired, but still marked dispatched, so that
        // only this test claims it again, as the same instance
        db.sql("update jobs set status = 'queued', claimed_by = null, lease_expires_at = null, dispatched_at = now()"
                        + " where id = :id")
                .bind("id", job.id())
                .then()
                .block(TIMEOUT);
        Attempt second = Attempt.of(claim(job.id(), "same-instance", LEASE).block(TIMEOUT), "same-instance");

        assertThat(second.number()).isEqualTo(first.number() + 1);
        StepVerifier.create(recordStage(first, 0, OUTPUT, new Progress(50, "s", "stale"))).expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(jobs.renewLease(first, LEASE)).expectNext(false).expectComplete().verify(TIMEOUT);
        StepVerifier.create(complete(first, null, "stale")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(jobs.saveArtifact(first, new io.jobstream.jobtype.Artifact("a.txt", "text/plain", new byte[1])))
                .expectNext(false).expectComplete().verify(TIMEOUT);
        StepVerifier.create(complete(second, null, "done")).expectNext(job.id()).expectComplete().verify(TIMEOUT);
        assertThat(jobs.find(job.id(), OWNER).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void schemaRejectsAStatusOutsideTheLifecycle() {
        Job job = aQueuedJob();

        Mono<Long> update = db.sql("update jobs set status = 'paused' where id = :id")
                .bind("id", job.id())
                .fetch()
                .rowsUpdated();

        StepVerifier.create(update).expectError(DataIntegrityViolationException.class).verify(TIMEOUT);
    }

    @Test
    void schemaRejectsAFailedJobWithoutErrorCode() {
        Job job = aQueuedJob();

        Mono<Long> update = db.sql("update jobs set status = 'failed', completed_at = now() where id = :id")
                .bind("id", job.id())
                .fetch()
                .rowsUpdated();

        StepVerifier.create(update).expectError(DataIntegrityViolationException.class).verify(TIMEOUT);
    }

    /**
     * A statement can write a job's next event after a younger transaction wrote the one
     * before it: an older transaction that waited for the job's row. Streams of many jobs and
     * the events topic go in transaction order, yet must keep each job's order: here the older
     * transaction writes seq 4 after the younger one wrote seq 3, while a transaction that
     * began between the two is still open, so the events relay may publish the older one's
     * transaction before the younger one's.
     */
    @Test
    void anOlderTransactionWritingAJobsNextEventKeepsTheJobsOrderInStreamsAndOnTheEventsTopic() throws Exception {
        Caller owner = new Caller("order-" + UUID.randomUUID(), false);
        Job queued = jobs.insertAll(List.of(demoJob(owner.subject(), 3)), true).blockLast(TIMEOUT);
        Attempt attempt = Attempt.of(claim(queued.id(), "orderly", LEASE).block(TIMEOUT), "orderly");
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
            Mono<UUID> younger = Mono.fromCallable(() -> recordStage(attempt, 0, OUTPUT, new Progress(33, "one", "1"))
                            .block(TIMEOUT))
                    .subscribeOn(Schedulers.boundedElastic());

            db.sql("select pg_current_xact_id()").then()
                    .then(beginBetween)
                    .then(younger)
                    .then(recordStage(attempt, 1, OUTPUT, new Progress(66, "two", "2")))
                    .as(transactions::transactional)
                    .block(TIMEOUT);
            Thread.sleep(1_000); // several looks of the events relay (every 250 ms) while it is open
            between.commit();
        }

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                jobs.streamEvents(owner, new StreamFilter(Set.of(), null, null), StreamPosition.before(0), 100)
                        .block(TIMEOUT).events())
                .extracting(event -> event.event().seq())
                .containsExactly(1L, 2L, 3L, 4L));
        String id = queued.id().toString();
        assertThat(EventsTopic.read(List.of(id), events -> events.get(id).size() >= 4).get(id))
                .extracting(event -> event.get("seq").asInt())
                .containsExactly(1, 2, 3, 4);
    }

    /**
     * Every statement that writes events looks their jobs up (announcements, webhook
     * deliveries). PL/pgSQL plans that lookup once per connection; planned for the 1,000 events
     * of a batch, a join would scan the whole jobs table, then again for every small statement
     * after it on that connection. Neither statement may scan it. (Rolled back: nothing stays.)
     */
    @Test
    void writingEventsLooksTheirJobsUpByIdAlsoAfterABatchOnTheSameConnection() throws Exception {
        try (Connection connection = TestInfrastructure.database().connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        create temporary table batch on commit drop as
                        select gen_random_uuid() as id from generate_series(1, 1000)""");
                statement.execute("""
                        insert into jobs (id, owner, type, status, payload, last_event_seq, created_at, updated_at,
                                          run_at, dispatched_at)
                        select id, 'repo-test', 'demo', 'queued', '{"stages": 1}', 1, now(), now(), now(), now()
                        from batch""");
                long before = jobsScanned(statement);

                statement.execute("""
                        insert into job_events (job_id, seq, kind, status, percent, created_at)
                        select id, 1, 'queued', 'queued', 0, now() from batch""");
                statement.execute("""
                        insert into job_events (job_id, seq, kind, status, percent, created_at)
                        select id, 2, 'started', 'processing', 0, now() from batch limit 16""");

                assertThat(jobsScanned(statement)).isEqualTo(before);
            } finally {
                connection.rollback();
            }
        }
    }

    /** Whole-table scans of jobs in this connection's transaction so far. */
    private static long jobsScanned(Statement statement) throws Exception {
        try (ResultSet rows = statement.executeQuery(
                "select seq_scan from pg_stat_xact_user_tables where relname = 'jobs'")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** A batch stream's state is counted by the database; it must say what the batch's jobs say. */
    @Test
    void batchTallyCountedByTheDatabaseAgreesWithTheJobs() {
        UUID batchId = UUID.randomUUID();
        List<Job> batch = jobs.insertBatch(batchId, "repo-test", "tally", java.util.stream.IntStream.range(0, 4)
                        .mapToObj(i -> demoJob("repo-test", 2)).toList())
                .block(TIMEOUT);
        Attempt halfWay = Attempt.of(claim(batch.get(0).id(), "tally", LEASE).block(TIMEOUT), "tally");
        recordStage(halfWay, 0, OUTPUT, new Progress(50, "one", "half way")).block(TIMEOUT);
        Attempt done = Attempt.of(claim(batch.get(1).id(), "tally", LEASE).block(TIMEOUT), "tally");
        complete(done, OUTPUT, "Completed").block(TIMEOUT);

        BatchTally counted = jobs.tallyBatch(batchId).block(TIMEOUT);

        assertThat(counted).isEqualTo(BatchTally.of(jobs.findBatchJobs(batchId).collectList().block(TIMEOUT)));
        assertThat(counted.count(JobStatus.QUEUED)).isEqualTo(2);
        assertThat(counted.count(JobStatus.PROCESSING)).isEqualTo(1);
        assertThat(counted.count(JobStatus.COMPLETED)).isEqualTo(1);
        assertThat(counted.status()).isEqualTo("processing");
        assertThat(counted.percent()).isEqualTo((100 + 50) / 4);
        assertThat(counted.finished()).isFalse();
    }
}
