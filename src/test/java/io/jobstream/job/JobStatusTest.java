package io.jobstream.job;

import static io.jobstream.job.JobStatus.CANCELLED;
import static io.jobstream.job.JobStatus.COMPLETED;
import static io.jobstream.job.JobStatus.FAILED;
import static io.jobstream.job.JobStatus.PROCESSING;
import static io.jobstream.job.JobStatus.QUEUED;
import static io.jobstream.job.JobStatus.RETRYING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusTest {

    /** The whole lifecycle, row by row: from → every status it may move to. */
    static Stream<Arguments> lifecycle() {
        return Stream.of(
                Arguments.of(QUEUED, EnumSet.of(PROCESSING, CANCELLED)),
                Arguments.of(PROCESSING, EnumSet.of(COMPLETED, FAILED, RETRYING, CANCELLED, QUEUED)),
                Arguments.of(RETRYING, EnumSet.of(PROCESSING, CANCELLED)),
                Arguments.of(COMPLETED, EnumSet.noneOf(JobStatus.class)),
                Arguments.of(FAILED, EnumSet.noneOf(JobStatus.class)),
                Arguments.of(CANCELLED, EnumSet.noneOf(JobStatus.class)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("lifecycle")
    void movesExactlyToTheStatusesOfItsRow(JobStatus from, Set<JobStatus> allowed) {
        for (JobStatus to : JobStatus.values()) {
            assertThat(from.canMoveTo(to)).as("%s → %s", from, to).isEqualTo(allowed.contains(to));
        }
        assertThat(from.isTerminal()).isEqualTo(allowed.isEmpty());
    }

    @Test
    void sourcesOfAStatusAreTheRowsThatReachIt() {
        assertThat(JobStatus.sourcesOf(PROCESSING)).containsExactlyInAnyOrder("queued", "retrying");
        assertThat(JobStatus.sourcesOf(COMPLETED)).containsExactly("processing");
        assertThat(JobStatus.sourcesOf(CANCELLED)).containsExactlyInAnyOrder("queued", "processing", "retrying");
        assertThat(JobStatus.sourcesOf(QUEUED)).containsExactly("processing");
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromWireName(status.wireName())).isEqualTo(status);
            assertThat(status.wireName()).isLowerCase();
        }
    }
}
