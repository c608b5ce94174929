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

    /** Every transition, row by row: its event, where it may start, where it leaves the job. */
    static Stream<Arguments> transitions() {
        return Stream.of(
                Arguments.of(Transition.SUBMIT, EventKind.QUEUED, EnumSet.noneOf(JobStatus.class), QUEUED),
                Arguments.of(Transition.START, EventKind.STARTED, EnumSet.of(QUEUED, RETRYING), PROCESSING),
                Arguments.of(Transition.PROGRESS, EventKind.PROGRESS, EnumSet.of(PROCESSING), PROCESSING),
                Arguments.of(Transition.RETRY, EventKind.RETRYING, EnumSet.of(PROCESSING), RETRYING),
                Arguments.of(Transition.REQUEUE, EventKind.QUEUED, EnumSet.of(PROCESSING), QUEUED),
                Arguments.of(Transition.COMPLETE, EventKind.COMPLETED, EnumSet.of(PROCESSING), COMPLETED),
                Arguments.of(Transition.FAIL, EventKind.FAILED, EnumSet.of(PROCESSING), FAILED),
                Arguments.of(
                        Transition.CANCEL, EventKind.CANCELLED, EnumSet.of(QUEUED, PROCESSING, RETRYING), CANCELLED));
    }

    @ParameterizedTest(name = "{0}: {2} → {3}, event {1}")
    @MethodSource("transitions")
    void eachTransitionAppendsItsEventAndMovesFromItsStatusesToOne(
            Transition transition, EventKind kind, Set<JobStatus> from, JobStatus to) {
        assertThat(transition.kind()).isEqualTo(kind);
        assertThat(transition.from()).isEqualTo(from);
        assertThat(transition.to()).isEqualTo(to);
        assertThat(transition.fromWireNames())
                .containsExactlyInAnyOrder(
                        from.stream().map(JobStatus::wireName).toArray(String[]::new));
    }

    @Test
    void theTableListsEveryTransition() {
        assertThat(transitions()).hasSize(Transition.values().length);
    }

    @Test
    void activeStatusesAreThoseNotFinished() {
        assertThat(JobStatus.active()).containsExactlyInAnyOrder(QUEUED, PROCESSING, RETRYING);
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromWireName(status.wireName())).isEqualTo(status);
            assertThat(status.wireName()).isLowerCase();
        }
    }
}
