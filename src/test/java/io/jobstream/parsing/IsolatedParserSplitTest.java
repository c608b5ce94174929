package io.jobstream.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.support.TestDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The split protocol between the service and a parser child, below the job type: the time limit
 * counts the child's work and not the keeping of parts, a part that cannot be kept stops the
 * split and its child (which would otherwise wait for ever), and a file that is no PDF fails.
 */
class IsolatedParserSplitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static IsolatedParser parser;

    @TempDir
    Path directory;

    @BeforeAll
    static void startParser() {
        parser = new IsolatedParser(ParserFixtures.properties(TIMEOUT, DataSize.ofMegabytes(128), 100, "tesseract"));
    }

    @AfterAll
    static void stopParser() {
        parser.destroy();
    }

    @Test
    void keepingThePartsSlowlyDoesNotCountAgainstTheChildsTimeLimit() {
        Path pdf = new TestDocuments(directory).textPdf("slow.pdf", "Slow", "Ada", List.of("one", "two", "three"));
        Map<Integer, Boolean> existed = new ConcurrentHashMap<>();
        // 3 x 1.5 s of keeping: longer than the 3 s limit in all, which the child's work is far below
        StepVerifier.create(parser.split(
                        pdf,
                        "slow.pdf",
                        SplitPlan.every(1),
                        written -> Mono.delay(Duration.ofMillis(1500))
                                .doOnNext(tick -> existed.put(written.part().number(), Files.exists(written.file())))
                                .then()))
                .assertNext(result -> {
                    assertThat(result.pages()).isEqualTo(3);
                    assertThat(result.parts())
                            .extracting(SplitPart::name)
                            .containsExactly("part-1.pdf", "part-2.pdf", "part-3.pdf");
                })
                .expectComplete()
                .verify(WAIT);
        assertThat(existed)
                .as("each part's file while it was kept")
                .containsOnly(Map.entry(1, true), Map.entry(2, true), Map.entry(3, true));
    }

    @Test
    void aPartThatCannotBeKeptStopsTheSplitAndTheNextSplitWorks() {
        Path pdf = new TestDocuments(directory)
                .textPdf(
                        "ten.pdf",
                        "Ten",
                        "Ada",
                        IntStream.rangeClosed(1, 10).mapToObj(n -> "page " + n).toList());

        StepVerifier.create(parser.split(
                        pdf,
                        "ten.pdf",
                        SplitPlan.every(2),
                        written -> written.part().number() == 2
                                ? Mono.error(new IllegalStateException("storage is full"))
                                : Mono.empty()))
                .expectErrorMessage("storage is full")
                .verify(WAIT);

        // the child that waited for part 2 to be kept is not handed out again, waiting still
        StepVerifier.create(parser.split(
                        pdf, "ten.pdf", SplitPlan.at(List.of(new SplitPlan.PageSpan(9, 10))), written -> Mono.empty()))
                .assertNext(result -> assertThat(result.parts()).singleElement().satisfies(part -> {
                    assertThat(part.firstPage()).isEqualTo(9);
                    assertThat(part.lastPage()).isEqualTo(10);
                }))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aFileThatIsNoPdfFailsAsUnreadable() {
        Path text = new TestDocuments(directory).write("notes.pdf", "just some notes".getBytes());

        StepVerifier.create(parser.split(text, "notes.pdf", SplitPlan.every(1), written -> Mono.empty()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ParseFailure.class).hasMessageStartingWith("notes.pdf is corrupt");
                    assertThat(((ParseFailure) error).reason()).isEqualTo(Reason.UNREADABLE);
                })
                .verify(WAIT);
    }
}
