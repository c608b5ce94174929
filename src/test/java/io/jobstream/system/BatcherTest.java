package io.jobstream.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class BatcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the "database" received, one list per statement. */
    private final List<List<Integer>> statements = new CopyOnWriteArrayList<>();

    @Test
    void aLoneRequestGoesAtOnceAndGetsItsOwnResult() {
        var batcher = new Batcher<Integer, Integer, Integer>(10, 1, this::squares, n -> n, root -> root);

        StepVerifier.create(batcher.submit(3)).expectNext(3).expectComplete().verify(TIMEOUT);

        assertThat(statements).containsExactly(List.of(3));
    }

    @Test
    void requestsThatArriveWhileAStatementRunsShareTheNextOne() {
        Sinks.Empty<Void> firstStatement = Sinks.empty();
        var batcher = new Batcher<Integer, Integer, Integer>(
                3,
                1,
                batch -> statements.isEmpty() ? heldBy(firstStatement, batch) : squares(batch),
                n -> n,
                root -> root);

        List<Mono<Integer>> results = Flux.range(1, 6)
                .map(batcher::submit)
                .map(Mono::cache)
                .collectList()
                .block();
        results.forEach(Mono::subscribe);
        assertThat(statements).as("only the first went; the rest wait for it").containsExactly(List.of(1));
        firstStatement.tryEmitEmpty();

        StepVerifier.create(Flux.concat(results))
                .expectNext(1, 2, 3, 4, 5, 6)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(statements).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6));
    }

    @Test
    void aRequestTheStatementDidNotApplyCompletesEmptyAndOfTwoWithOneKeyOnlyOneGetsTheResult() {
        Sinks.Empty<Void> firstStatement = Sinks.empty();
        var batcher = new Batcher<Integer, Integer, Integer>(
                10,
                1,
                batch -> statements.isEmpty()
                        ? heldBy(firstStatement, batch).filter(n -> false)
                        : squares(batch).filter(n -> n != 4),
                n -> n,
                root -> root);
        batcher.submit(0).subscribe();

        Mono<List<Integer>> results = Flux.merge(batcher.submit(7), batcher.submit(7), batcher.submit(4))
                .collectList()
                .cache();
        results.subscribe();
        firstStatement.tryEmitEmpty();

        StepVerifier.create(results)
                .assertNext(got -> assertThat(got).containsExactly(7))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(statements.getLast()).containsExactly(7, 7, 4);
    }

    @Test
    void whenAStatementOfSeveralFailsEachRequestIsTriedAloneSoOnlyTheBadOneFails() {
        Sinks.Empty<Void> firstStatement = Sinks.empty();
        var batcher = new Batcher<Integer, Integer, Integer>(
                10,
                1,
                batch -> {
                    if (statements.isEmpty()) {
                        return heldBy(firstStatement, batch);
                    }
                    return batch.contains(-1)
                            ? record(batch).thenMany(Flux.error(new IllegalStateException("bad row")))
                            : squares(batch);
                },
                n -> n,
                root -> root);
        batcher.submit(0).subscribe();

        Mono<Integer> good = batcher.submit(2).cache();
        Mono<Integer> bad = batcher.submit(-1).cache();
        good.subscribe(value -> {}, error -> {});
        bad.subscribe(value -> {}, error -> {});
        firstStatement.tryEmitEmpty();

        StepVerifier.create(good).expectNext(2).expectComplete().verify(TIMEOUT);
        StepVerifier.create(bad).expectErrorMessage("bad row").verify(TIMEOUT);
        assertThat(statements).containsExactly(List.of(0), List.of(2, -1), List.of(2), List.of(-1));
    }

    /** Answers each request as its own result, as a statement's RETURNING would. */
    private Flux<Integer> squares(List<Integer> batch) {
        return record(batch).thenMany(Flux.fromIterable(batch));
    }

    /** A statement that is sent at once and answers when {@code answer} is emitted. */
    private Flux<Integer> heldBy(Sinks.Empty<Void> answer, List<Integer> batch) {
        return record(batch).then(answer.asMono()).thenMany(Flux.fromIterable(batch));
    }

    private Mono<Void> record(List<Integer> batch) {
        return Mono.fromRunnable(() -> statements.add(batch));
    }
}
