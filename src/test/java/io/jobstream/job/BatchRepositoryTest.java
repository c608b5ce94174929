package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.JsonNodeFactory;

/** Batches against real PostgreSQL. */
@StoreTest
class BatchRepositoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(1);

    @Autowired
    BatchRepository batches;

    @Autowired
    JobRunRepository runs;

    private Attempt claim(Job job) {
        return Attempt.of(runs.claimAll(List.of(job.id()), "tally", LEASE).blockLast(TIMEOUT), "tally");
    }

    @Test
    void aBatchIsStoredWithItsJobsInTheOrderSubmitted() {
        UUID batchId = UUID.randomUUID();
        List<NewJob> submitted = IntStream.range(0, 3)
                .mapToObj(i -> NewJobs.demo().stages(i + 1).build())
                .toList();

        List<Job> stored =
                batches.insertBatch(batchId, "store-test", "ordered", submitted).block(TIMEOUT);

        assertThat(stored)
                .extracting(Job::id)
                .containsExactlyElementsOf(submitted.stream().map(NewJob::id).toList());
        assertThat(batches.findJobs(batchId).collectList().block(TIMEOUT))
                .extracting(Job::id)
                .containsExactlyElementsOf(submitted.stream().map(NewJob::id).toList());
        assertThat(batches.find(batchId, Caller.user("store-test"))
                        .block(TIMEOUT)
                        .jobCount())
                .isEqualTo(3);
        assertThat(batches.find(batchId, Caller.user("someone-else")).blockOptional(TIMEOUT))
                .isEmpty();
    }

    /** A batch stream's state is counted by the database; it must say what the batch's jobs say. */
    @Test
    void batchTallyCountedByTheDatabaseAgreesWithTheJobs() {
        UUID batchId = UUID.randomUUID();
        List<Job> batch = batches.insertBatch(
                        batchId,
                        "store-test",
                        "tally",
                        IntStream.range(0, 4)
                                .mapToObj(i -> NewJobs.demo().stages(2).build())
                                .toList())
                .block(TIMEOUT);
        Attempt halfWay = claim(batch.get(0));
        runs.recordStages(List.of(new JobRunRepository.StageRecord(
                        halfWay, 0, JsonNodeFactory.instance.objectNode(), new Progress(50, "one", "half way"))))
                .blockLast(TIMEOUT);
        Attempt done = claim(batch.get(1));
        runs.completeAll(List.of(new JobRunRepository.Completion(done, null, null)), "Completed")
                .blockLast(TIMEOUT);

        BatchTally counted = batches.tally(batchId).block(TIMEOUT);

        assertThat(counted)
                .isEqualTo(BatchTally.of(batches.findJobs(batchId).collectList().block(TIMEOUT)));
        assertThat(counted.count(JobStatus.QUEUED)).isEqualTo(2);
        assertThat(counted.count(JobStatus.PROCESSING)).isEqualTo(1);
        assertThat(counted.count(JobStatus.COMPLETED)).isEqualTo(1);
        assertThat(counted.status()).isEqualTo(JobStatus.PROCESSING.wireName());
        assertThat(counted.percent()).isEqualTo((100 + 50) / 4);
        assertThat(counted.finished()).isFalse();
    }

    @Test
    void cancellingABatchCancelsOnlyItsActiveJobs() {
        UUID batchId = UUID.randomUUID();
        List<Job> batch = batches.insertBatch(
                        batchId,
                        "store-test",
                        "cancel",
                        IntStream.range(0, 3)
                                .mapToObj(i -> NewJobs.demo().build())
                                .toList())
                .block(TIMEOUT);
        runs.completeAll(List.of(new JobRunRepository.Completion(claim(batch.get(0)), null, null)), "Completed")
                .blockLast(TIMEOUT);

        List<Job> cancelled =
                batches.cancel(batchId, Caller.user("store-test")).collectList().block(TIMEOUT);

        assertThat(cancelled)
                .extracting(Job::id)
                .containsExactlyInAnyOrder(batch.get(1).id(), batch.get(2).id());
        assertThat(batches.tally(batchId).block(TIMEOUT).count(JobStatus.COMPLETED))
                .isEqualTo(1);
        assertThat(batches.cancel(batchId, Caller.user("someone-else"))
                        .collectList()
                        .block(TIMEOUT))
                .isEmpty();
    }
}
