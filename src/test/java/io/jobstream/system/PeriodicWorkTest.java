package io.jobstream.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A round of a relay drains a backlog: it looks again while its looks come back full. */
class PeriodicWorkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Its own rounds never come (the first tick is an hour away): the tests call {@code whileFull} themselves. */
    private final PeriodicWork work = new PeriodicWork("Test work", Duration.ofHours(1)) {
        @Override
        protected Mono<?> runOnce() {
            return Mono.empty();
        }
    };

    @Test
    void aRoundLooksAgainWhileLooksComeBackFullAndStopsAtTheFirstThatIsNot() {
        Queue<Integer> backlog = new ArrayDeque<>(List.of(10, 10, 4, 10));
        AtomicInteger looks = new AtomicInteger();

        StepVerifier.create(work.whileFull(
                        () -> {
                            looks.incrementAndGet();
                            return Mono.just(backlog.remove());
                        },
                        10,
                        20))
                .expectNext(24)
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(looks).as("full, full, then 4 of 10: the round ends there").hasValue(3);
    }

    @Test
    void aRoundTakesAtMostItsLooksSoThatStoppingNeverWaitsForALongBacklog() {
        AtomicInteger looks = new AtomicInteger();

        StepVerifier.create(work.whileFull(
                        () -> Mono.fromSupplier(() -> {
                            looks.incrementAndGet();
                            return 10;
                        }),
                        10,
                        3))
                .expectNext(30)
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(looks).hasValue(3);
    }

    @Test
    void aRoundTakesNoFurtherLookOnceAStopHasBegunSoThatTheStopWaitsForOneLookAtMost() {
        AtomicInteger looks = new AtomicInteger();
        work.start();

        StepVerifier.create(work.whileFull(
                        () -> Mono.fromSupplier(() -> {
                            if (looks.incrementAndGet() == 2) {
                                work.stop();
                            }
                            return 10;
                        }),
                        10,
                        20))
                .expectNext(20)
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(looks)
                .as("the look in flight when the stop began finishes; no other starts")
                .hasValue(2);
        assertThat(work.isRunning()).isFalse();
    }

    @Test
    void aLookThatFailsFailsTheRound() {
        AtomicInteger looks = new AtomicInteger();

        StepVerifier.create(work.whileFull(
                        () -> looks.incrementAndGet() == 1
                                ? Mono.just(10)
                                : Mono.error(new IllegalStateException("Kafka is away")),
                        10,
                        20))
                .expectErrorMessage("Kafka is away")
                .verify(TIMEOUT);

        assertThat(looks).hasValue(2);
    }
}
