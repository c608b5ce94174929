package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** The submit path's statements against real PostgreSQL. */
@StoreTest
class SubmissionRepositoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    SubmissionRepository submissions;

    @Autowired
    JobRepository jobs;

    @Autowired
    DatabaseClient db;

    /**
     * Jobs whose commands the caller publishes at once are stored already marked dispatched
     * (no second write of each job); the others are left for the outbox relay.
     */
    @Test
    void jobsToBeSentAtOnceAreStoredMarkedDispatched() {
        NewJob sentAtOnce = NewJobs.demo().build();
        NewJob leftToTheRelay = NewJobs.demo().build();

        submissions.insertAll(List.of(sentAtOnce), true).blockLast(TIMEOUT);
        submissions.insertAll(List.of(leftToTheRelay), false).blockLast(TIMEOUT);

        assertThat(dispatched(sentAtOnce.id())).isTrue();
        assertThat(dispatched(leftToTheRelay.id())).isFalse();
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
        NewJob first = NewJobs.demo().idempotencyKey(key, "hash").build();
        NewJob repeat = NewJobs.demo().idempotencyKey(key, "hash").build();
        NewJob other = NewJobs.demo().build();

        List<Job> stored = submissions
                .insertAll(List.of(first, repeat, other), false)
                .collectList()
                .block(TIMEOUT);

        assertThat(stored).extracting(Job::id).containsExactlyInAnyOrder(first.id(), other.id());
        assertThat(stored).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.QUEUED));
        StepVerifier.create(submissions.findReplay("store-test", key, "hash").map(Job::id))
                .expectNext(first.id())
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(submissions.findReplay("store-test", key, "other content"))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(jobs.eventsAfter(other.id(), 0, 10).map(JobEvent::kind))
                .expectNext(EventKind.QUEUED)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void insertStoresTheJobQueuedWithItsFirstEvent() {
        Job job = submissions.insertAll(List.of(NewJobs.demo().build()), false).blockLast(TIMEOUT);

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
    void activeJobsAreCountedPerOwnerUntilTheyFinish() {
        String owner = "count-" + UUID.randomUUID();
        Job first = submissions
                .insertAll(List.of(NewJobs.demo().owner(owner).build()), false)
                .blockLast(TIMEOUT);
        submissions
                .insertAll(List.of(NewJobs.demo().owner(owner).build()), false)
                .blockLast(TIMEOUT);

        StepVerifier.create(submissions.countActive(owner))
                .expectNext(2L)
                .expectComplete()
                .verify(TIMEOUT);
        jobs.cancel(first.id(), Caller.user(owner)).block(TIMEOUT);
        StepVerifier.create(submissions.countActive(owner))
                .expectNext(1L)
                .expectComplete()
                .verify(TIMEOUT);
    }
}
