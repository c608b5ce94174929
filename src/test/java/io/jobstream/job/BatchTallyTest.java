package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchTallyTest {

    @Test
    void aBatchIsQueuedUntilAJobStartsThenProcessingUntilAllHaveFinished() {
        assertThat(new BatchTally(Map.of(JobStatus.QUEUED, 3L), 0).status()).isEqualTo("queued");
        assertThat(new BatchTally(Map.of(JobStatus.QUEUED, 2L, JobStatus.COMPLETED, 1L), 0).status())
                .isEqualTo("processing");
        assertThat(new BatchTally(Map.of(JobStatus.QUEUED, 2L, JobStatus.PROCESSING, 1L), 0).status())
                .isEqualTo("processing");
        assertThat(new BatchTally(Map.of(JobStatus.RETRYING, 1L), 0).status()).isEqualTo("processing");
        assertThat(new BatchTally(Map.of(JobStatus.COMPLETED, 2L, JobStatus.FAILED, 1L), 0).status())
                .isEqualTo("failed");
        assertThat(new BatchTally(Map.of(JobStatus.CANCELLED, 2L), 0).status()).isEqualTo("cancelled");
        assertThat(new BatchTally(Map.of(JobStatus.CANCELLED, 1L, JobStatus.COMPLETED, 1L), 0).status())
                .isEqualTo("completed");
    }

    @Test
    void progressIsTheMeanPercentWithFinishedJobsCountingAHundred() {
        BatchTally tally =
                new BatchTally(Map.of(JobStatus.PROCESSING, 2L, JobStatus.FAILED, 1L, JobStatus.QUEUED, 1L), 30 + 60);

        assertThat(tally.percent()).isEqualTo((30 + 60 + 100 + 0) / 4);
        assertThat(tally.finished()).isFalse();
        assertThat(tally.jobs()).isEqualTo(4);
    }

    @Test
    void aBatchWhoseJobsWereAllDeletedHasFinished() {
        BatchTally empty = new BatchTally(Map.of(), 0);

        assertThat(empty.finished()).isTrue();
        assertThat(empty.percent()).isEqualTo(100);
        assertThat(empty.status()).isEqualTo("completed");
    }
}
