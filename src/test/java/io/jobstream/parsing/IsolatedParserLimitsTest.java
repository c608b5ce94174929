package io.jobstream.parsing;

import static io.jobstream.parsing.ParserFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.support.ParserProcesses;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

/**
 * A hostile document fails alone: a hang is killed at the time limit, an out-of-memory or a bomb
 * fails that document, documents over the caps are refused, and the next document parses.
 */
class IsolatedParserLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    private TestDocuments documents;
    private IsolatedParser parser;
    private int fineDocuments;

    @BeforeEach
    void startParser() {
        documents = new TestDocuments(directory);
        // a small heap, so that running out of it is quick
        parser = new IsolatedParser(ParserFixtures.properties(TIMEOUT, DataSize.ofMegabytes(96), 3, "tesseract"));
    }

    @AfterEach
    void stopParser() {
        parser.destroy();
    }

    @Test
    void aParserThatHangsIsKilledAtTheTimeLimitAndTheNextDocumentParses() {
        Path stuck = documents.write("stuck.hang", new byte[] {0, 1, 2, 3});
        Set<Long> others = parserChildren();
        warmUp();
        // this test's parser has one child; other tests' parsers (a Spring context's) may have theirs
        Set<Long> mine = new HashSet<>(parserChildren());
        mine.removeAll(others);
        assertThat(mine).as("the child this parser started").hasSize(1);

        long started = System.nanoTime();
        expectFailure(stuck, "stuck.hang", Reason.TIMEOUT, "stuck.hang took longer than");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(TIMEOUT, TIMEOUT.plusSeconds(5));
        await().atMost(Duration.ofSeconds(2))
                .until(() -> mine.stream()
                        .noneMatch(pid -> ProcessHandle.of(pid)
                                .map(process -> !ParserProcesses.gone(process))
                                .orElse(false)));
        assertNextDocumentParses();
    }

    @Test
    void aParserThatRunsOutOfMemoryFailsThatDocumentOnly() {
        Path hog = documents.write("greedy.hog", new byte[] {0, 1, 2, 3});

        expectFailure(
                hog, "greedy.hog", Reason.UNREADABLE, "greedy.hog could not be read: the parser ran out of memory");

        assertNextDocumentParses();
    }

    @Test
    void aDecompressionBombFailsAndTheNextDocumentParses() {
        Path bomb = documents.docxBomb("bomb.docx", 200);
        // the bomb must fail by what it is, not by the time limit, which a loaded machine can
        // reach first: this parser allows a minute
        parser.destroy();
        parser = new IsolatedParser(
                ParserFixtures.properties(Duration.ofSeconds(60), DataSize.ofMegabytes(96), 3, "tesseract"));

        StepVerifier.create(parser.parse(bomb, options("bomb.docx").build()))
                .thenConsumeWhile(PageProgress.class::isInstance)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(
                                ParseFailure.class,
                                failure -> assertThat(failure.reason()).isIn(Reason.UNREADABLE, Reason.TOO_LARGE))
                        .hasMessageContaining("bomb.docx"))
                .verify(WAIT);

        assertNextDocumentParses();
    }

    @Test
    void aPdfWithMorePagesThanAllowedIsRefused() {
        Path pdf = documents.textPdf("long.pdf", "Long", "Ada", List.of("1", "2", "3", "4"));

        expectFailure(pdf, "long.pdf", Reason.TOO_LARGE, "long.pdf has 4 pages, more than the 3 allowed");
    }

    @Test
    void aFileOverTheByteCapIsRefusedBeforeParsing() {
        Path big = documents.write(
                "big.txt", new byte[(int) DataSize.ofMegabytes(6).toBytes()]);

        Set<Long> before = parserChildren();
        expectFailure(big, "big.txt", Reason.TOO_LARGE, "big.txt has 6291456 bytes");
        assertThat(parserChildren()).as("no child was started for it").isSubsetOf(before);
    }

    @Test
    void textOverTheCharacterCapIsTooLarge() {
        Path text = documents.write("chatty.txt", "word ".repeat(300_000).getBytes());

        expectFailure(text, "chatty.txt", Reason.TOO_LARGE, "chatty.txt has more than 1000000 characters");
    }

    private void warmUp() {
        assertNextDocumentParses();
    }

    private void assertNextDocumentParses() {
        Path pdf = documents.textPdf("fine.pdf", "Fine", "Ada", List.of("All is well"));
        ParsedDocument document =
                IsolatedParserFormatsTest.parse(parser, pdf, options("fine.pdf").build());
        assertThat(document.pages()).extracting(ParsedPage::text).containsExactly("All is well");
    }

    private void expectFailure(Path file, String filename, Reason reason, String message) {
        StepVerifier.create(parser.parse(file, options(filename).build()))
                .thenConsumeWhile(PageProgress.class::isInstance)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(
                                ParseFailure.class,
                                failure -> assertThat(failure.reason()).isEqualTo(reason))
                        .hasMessageContaining(message))
                .verify(WAIT);
    }

    /** The pids of this JVM's running parser children, read from /proc (see {@link ParserProcesses}). */
    private static Set<Long> parserChildren() {
        return ParserProcesses.children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
