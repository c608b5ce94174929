package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jobstream.jobtype.Artifact;
import io.jobstream.support.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The workers' statements against real PostgreSQL. No worker or relay runs here
 * ({@link StoreTest}): each test claims, records and finishes its jobs itself.
 */
@StoreTest
class JobRunRepositoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Caller OWNER = Caller.user("store-test");
    private static final JsonNode OUTPUT = JsonNodeFactory.instance.objectNode().put("done", true);

    @Autowired
    JobRunRepository runs;

    @Autowired
    SubmissionRepository submissions;

    @Autowired
    JobRepository jobs;

    @Autowired
    JobArtifacts artifacts;

    private Job aQueuedJob() {
        return submissions.insertAll(List.of(NewJobs.demo().build()), false).blockLast(TIMEOUT);
    }

    private Mono<Job> claim(UUID id, String worker) {
        return runs.claimAll(List.of(id), worker, LEASE).next();
    }

    private Mono<UUID> recordStage(Attempt attempt, int stageIndex, Progress progress) {
        return runs.recordStages(List.of(new JobRunRepository.StageRecord(attempt, stageIndex, OUTPUT, progress)))
                .next();
    }

    private Mono<UUID> complete(Attempt attempt, @Nullable JsonNode result, String message) {
        return runs.completeAll(List.of(new JobRunRepository.Completion(attempt, result, null)), message)
                .map(JobRunRepository.Completed::id)
                .next();
    }

    private Job find(UUID id) {
        return jobs.find(id, OWNER).block(TIMEOUT);
    }

    @Test
    void progressFromInsideAStageMovesTheDocumentCountsAndEveryLaterEventCarriesThem() {
        Job job = claim(aQueuedJob().id(), "holder").block(TIMEOUT);
        Attempt attempt = Attempt.of(job, "holder");

        StepVerifier.create(runs.progress(
                        attempt, new Progress(30, "parsing", "parsing document 2/3"), new Job.Documents(3, 1, 0)))
                .expectNext(job.id())
                .verifyComplete();
        // a report without counts leaves them as they are
        StepVerifier.create(runs.progress(
                        attempt, new Progress(40, "parsing", "ocr page 1/9"), new Job.Documents(null, null, null)))
                .expectNext(job.id())
                .verifyComplete();
        StepVerifier.create(runs.progress(
                        new Attempt(job.id(), "intruder", attempt.number()),
                        new Progress(50, "parsing", "stolen"),
                        new Job.Documents(3, 3, 0)))
                .verifyComplete();
        complete(attempt, OUTPUT, "Completed").block(TIMEOUT);

        Job done = find(job.id());
        assertThat(done.documents()).isEqualTo(new Job.Documents(3, 1, 0));
        List<JobEvent> events = jobs.eventsAfter(job.id(), 0, 100).collectList().block(TIMEOUT);
        assertThat(events)
                .extracting(event -> event.progress().message(), JobEvent::documents)
                .containsExactly(
                        tuple("Queued", new Job.Documents(null, null, null)),
                        tuple("Started", new Job.Documents(null, null, null)),
                        tuple("parsing document 2/3", new Job.Documents(3, 1, 0)),
                        tuple("ocr page 1/9", new Job.Documents(3, 1, 0)),
                        tuple("Completed", new Job.Documents(3, 1, 0)));
    }

    @Test
    void oneStatementClaimsRecordsAndCompletesManyJobsEachOnlyForItsOwnAttempt() {
        List<UUID> ids =
                List.of(aQueuedJob().id(), aQueuedJob().id(), aQueuedJob().id());

        List<Job> claimed = runs.claimAll(ids, "holder", LEASE).collectList().block(TIMEOUT);
        assertThat(claimed).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.claimAll(ids, "another", LEASE).collectList().block(TIMEOUT))
                .isEmpty();

        Attempt first = Attempt.of(claimed.get(0), "holder");
        Attempt second = Attempt.of(claimed.get(1), "holder");
        Attempt notTheHolder =
                new Attempt(claimed.get(2).id(), "intruder", claimed.get(2).attempts());
        List<UUID> recorded = runs.recordStages(List.of(
                        new JobRunRepository.StageRecord(first, 0, OUTPUT, new Progress(100, "only", "first done")),
                        new JobRunRepository.StageRecord(second, 0, OUTPUT, new Progress(100, "only", "second done")),
                        new JobRunRepository.StageRecord(notTheHolder, 0, OUTPUT, new Progress(100, "only", "stolen"))))
                .collectList()
                .block(TIMEOUT);
        assertThat(recorded).containsExactlyInAnyOrder(first.jobId(), second.jobId());
        assertThat(runs.checkpoints(first.jobId()).collectList().block(TIMEOUT)).containsExactly(OUTPUT);
        assertThat(runs.checkpoints(notTheHolder.jobId()).collectList().block(TIMEOUT))
                .isEmpty();

        Progress lastStage = new Progress(100, "last", "Stage 2 of 2 done");
        List<UUID> completed = runs.completeAll(
                        List.of(
                                new JobRunRepository.Completion(first, OUTPUT, lastStage),
                                new JobRunRepository.Completion(second, null, null),
                                new JobRunRepository.Completion(notTheHolder, OUTPUT, lastStage)),
                        "Completed")
                .map(JobRunRepository.Completed::id)
                .collectList()
                .block(TIMEOUT);
        assertThat(completed).containsExactlyInAnyOrder(first.jobId(), second.jobId());
        Job firstDone = find(first.jobId());
        assertThat(firstDone.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(firstDone.result()).isEqualTo(OUTPUT);
        assertThat(find(second.jobId()).result()).isNull();
        assertThat(find(notTheHolder.jobId()).status()).isEqualTo(JobStatus.PROCESSING);
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
    void jobCannotBeClaimedTwice() {
        Job job = aQueuedJob();

        List<Job> winners = Flux.range(0, 8)
                .flatMap(worker -> claim(job.id(), "worker-" + worker), 8)
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
        Job job = aQueuedJob();
        Attempt holder = Attempt.of(claim(job.id(), "holder").block(TIMEOUT), "holder");
        Attempt intruder = new Attempt(job.id(), "intruder", holder.number());

        StepVerifier.create(recordStage(intruder, 0, new Progress(50, "s", "m")))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(complete(intruder, null, "done")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(recordStage(holder, 0, new Progress(50, "s", "half way")))
                .expectNext(job.id())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(find(job.id()).progress()).isEqualTo(new Progress(50, "s", "half way"));
    }

    @Test
    void finishedJobAcceptsNoFurtherChange() {
        Job job = aQueuedJob();
        Attempt holder = Attempt.of(claim(job.id(), "holder").block(TIMEOUT), "holder");
        Job failed = runs.fail(holder, "PARSE_ERROR", "bad input").block(TIMEOUT);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.completedAt()).isNotNull();
        StepVerifier.create(claim(job.id(), "holder")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(complete(holder, null, "done")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(recordStage(holder, 1, new Progress(10, null, null)))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(jobs.eventsAfter(job.id(), 0, 100).map(JobEvent::kind))
                .expectNext(EventKind.QUEUED, EventKind.STARTED, EventKind.FAILED)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void anAttemptThatLostItsLeaseChangesNothingEvenWhenItsInstanceClaimsTheJobAgain() {
        Job job = aQueuedJob();
        Attempt first = Attempt.of(claim(job.id(), "same-instance").block(TIMEOUT), "same-instance");
        // as when its instance stopped and the job went back to the queue, then came back to it
        assertThat(runs.release("same-instance").collectList().block(TIMEOUT))
                .extracting(Job::id)
                .contains(job.id());
        Attempt second = Attempt.of(claim(job.id(), "same-instance").block(TIMEOUT), "same-instance");

        assertThat(second.number()).isEqualTo(first.number() + 1);
        StepVerifier.create(recordStage(first, 0, new Progress(50, "s", "stale")))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(runs.renewLease(first, LEASE))
                .expectNext(false)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(complete(first, null, "stale")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(artifacts.save(first, Artifact.of("a.txt", "text/plain", new byte[1])))
                .expectNext(false)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(complete(second, null, "done"))
                .expectNext(job.id())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(find(job.id()).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aRetryWaitsItsBackoffAndIsClaimedAgainAsTheNextAttempt() {
        Job job = aQueuedJob();
        Attempt first = Attempt.of(claim(job.id(), "holder").block(TIMEOUT), "holder");

        Job retrying = runs.retry(first, "TIMEOUT", "too slow", Duration.ZERO).block(TIMEOUT);

        assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(retrying.retryCount()).isEqualTo(1);
        assertThat(retrying.errorCode()).isEqualTo("TIMEOUT");
        Job again = claim(job.id(), "holder").block(TIMEOUT);
        assertThat(again.attempts()).isEqualTo(2);
        StepVerifier.create(jobs.eventsAfter(job.id(), 0, 100).map(JobEvent::kind))
                .expectNext(EventKind.QUEUED, EventKind.STARTED, EventKind.RETRYING, EventKind.STARTED)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void leasesOfManyAttemptsAreRenewedTogetherButNotThoseOfAttemptsThatLostTheirJob() {
        Job expiring = runs.claimAll(List.of(aQueuedJob().id()), "beat", Duration.ofMillis(1))
                .blockLast(TIMEOUT);
        Attempt held = Attempt.of(expiring, "beat");
        UUID moved = aQueuedJob().id();
        Attempt lost = Attempt.of(claim(moved, "gone").block(TIMEOUT), "gone");
        runs.release("gone").blockLast(TIMEOUT);
        Attempt again = Attempt.of(claim(moved, "beat").block(TIMEOUT), "beat");

        StepVerifier.create(runs.renewLeases(List.of(held, lost, again), LEASE).collectList())
                .assertNext(renewed -> assertThat(renewed).containsExactlyInAnyOrder(held, again))
                .expectComplete()
                .verify(TIMEOUT);
        // its lease had run out, unnoticed yet: renewed, it is not taken from its instance
        assertThat(runs.requeueExpired().map(Job::id).collectList().block(TIMEOUT))
                .doesNotContain(held.jobId());
    }
}
