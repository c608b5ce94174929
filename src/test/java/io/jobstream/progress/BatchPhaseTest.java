package io.jobstream.progress;

import static io.jobstream.progress.BatchPhase.ENDED;
import static io.jobstream.progress.BatchPhase.FINISHING;
import static io.jobstream.progress.BatchPhase.FOLLOWING;
import static io.jobstream.progress.BatchPhase.OPENING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The phases of a batch's stream, table by table. */
class BatchPhaseTest {

    /** After a read: does the stream send the batch's state, given whether events went out since the last one? */
    static Stream<Arguments> owesState() {
        return Stream.of(
                Arguments.of(OPENING, false, true),
                Arguments.of(OPENING, true, true),
                Arguments.of(FOLLOWING, false, false),
                Arguments.of(FOLLOWING, true, true),
                Arguments.of(FINISHING, false, true),
                Arguments.of(FINISHING, true, true),
                Arguments.of(ENDED, false, false),
                Arguments.of(ENDED, true, false));
    }

    @ParameterizedTest(name = "{0}, events sent: {1} → state: {2}")
    @MethodSource("owesState")
    void aStateIsOwedAfterARunOfEventsAndWhileOpeningOrFinishing(BatchPhase phase, boolean delivered, boolean owed) {
        assertThat(phase.owesState(delivered)).isEqualTo(owed);
    }

    /** The state read: has every job finished, was every event of the batch sent → the next phase, and is the state sent? */
    static Stream<Arguments> afterTheState() {
        return Stream.of(
                Arguments.of(false, false, FOLLOWING, true),
                Arguments.of(false, true, FOLLOWING, true),
                Arguments.of(true, false, FINISHING, false),
                Arguments.of(true, true, ENDED, true));
    }

    @ParameterizedTest(name = "finished: {0}, all sent: {1} → {2}, state sent: {3}")
    @MethodSource("afterTheState")
    void aFinishedStateGoesOutOnlyOnceEveryEventHasAndIsTheLast(
            boolean finished, boolean allSent, BatchPhase next, boolean sent) {
        assertThat(BatchPhase.after(finished, allSent)).isEqualTo(next);
        assertThat(next.sendsState()).isEqualTo(sent);
    }

    @Test
    void theTablesCoverEveryPhase() {
        assertThat(owesState().map(row -> row.get()[0]).distinct())
                .containsExactlyInAnyOrder((Object[]) BatchPhase.values());
    }
}
