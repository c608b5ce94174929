package io.jobstream.parsing;

import static io.jobstream.parsing.ParserFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseEvent.Phase;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.support.ParserProcesses;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * OCR with Tesseract: only where the extraction method asks for it, page by page, flagged, and
 * stopped for good by a cancel. Skipped where Tesseract is not installed (CI installs it), except
 * the test of what happens then.
 */
class IsolatedParserOcrTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path directory;

    private static TestDocuments documents;
    private static IsolatedParser parser;
    private static Path scan;

    @BeforeAll
    static void startParser() {
        parser = new IsolatedParser(ParserFixtures.defaults());
        documents = new TestDocuments(directory);
        scan = documents.imageOnlyPdf("scan.pdf", List.of("INVOICE NUMBER 4711 PAID"));
    }

    @AfterAll
    static void stopParser() {
        parser.destroy();
    }

    @Test
    void ocrReadsAnImageOnlyPageAndFlagsIt() {
        assumeTesseract();

        List<ParseEvent> events = parser.parse(
                        scan, options("scan.pdf").method(ExtractionMethod.OCR).build())
                .collectList()
                .block(WAIT);

        ParsedPage page = IsolatedParserFormatsTest.lastDocument(events).pages().getFirst();
        assertThat(page.ocr()).isTrue();
        assertThat(page.text()).contains("INVOICE", "NUMBER", "4711", "PAID");
        assertThat(events).contains(new PageProgress(Phase.OCR, 1, 1));
    }

    @Test
    void textOnAnImageOnlyPageGivesAnEmptyPageNotOcrd() {
        ParsedDocument document = IsolatedParserFormatsTest.parse(
                parser, scan, options("scan.pdf").method(ExtractionMethod.TEXT).build());

        assertThat(document.pages()).singleElement().satisfies(page -> {
            assertThat(page.text()).isEmpty();
            assertThat(page.ocr()).isFalse();
        });
    }

    @Test
    void autoOcrsOnlyThePagesWithoutText() {
        assumeTesseract();
        Path mixed = documents.mixedPdf("mixed.pdf", "Typed text layer here", "SCANNED RECEIPT 2024");

        ParsedDocument document = IsolatedParserFormatsTest.parse(
                parser,
                mixed,
                options("mixed.pdf").method(ExtractionMethod.AUTO).build());

        assertThat(document.pages()).extracting(ParsedPage::ocr).containsExactly(false, true);
        assertThat(document.pages().get(0).text()).isEqualTo("Typed text layer here");
        assertThat(document.pages().get(1).text()).contains("SCANNED", "RECEIPT", "2024");
    }

    @Test
    void withoutTesseractOcrFailsSayingSo() {
        IsolatedParser withoutTesseract = new IsolatedParser(ParserFixtures.properties(
                Duration.ofSeconds(60),
                DataSize.ofMegabytes(256),
                100,
                directory.resolve("no-tesseract").toString()));
        try {
            StepVerifier.create(withoutTesseract.ocrSupport())
                    .expectNext(new OcrSupport(false, List.of()))
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(withoutTesseract.parse(
                            scan,
                            options("scan.pdf").method(ExtractionMethod.OCR).build()))
                    .thenConsumeWhile(PageProgress.class::isInstance)
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOfSatisfying(
                                    ParseFailure.class,
                                    failure -> assertThat(failure.reason()).isEqualTo(Reason.OCR))
                            .hasMessageContaining("scan.pdf")
                            .hasMessageContaining("tesseract is not installed"))
                    .verify(WAIT);
        } finally {
            withoutTesseract.destroy();
        }
    }

    @Test
    void cancellingALongOcrLeavesNoTesseractAndNoParserRunning() {
        assumeTesseract();
        Path longScan =
                documents.imageOnlyPdf("long-scan.pdf", Collections.nCopies(30, "PAGE AFTER PAGE OF SCANNED TEXT"));
        List<ParseEvent> events = new CopyOnWriteArrayList<>();

        Disposable parse = parser.parse(
                        longScan,
                        options("long-scan.pdf").method(ExtractionMethod.OCR).build())
                .subscribe(events::add);
        await().atMost(WAIT).until(() -> ParserProcesses.tesseracts().count() > 0);
        ProcessHandle working = ParserProcesses.tesseracts()
                .findFirst()
                .flatMap(ProcessHandle::parent)
                .orElseThrow();
        assertThat(ParserProcesses.isChild(working))
                .as("tesseract runs under a parser child")
                .isTrue();
        parse.dispose();

        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> assertThat(ParserProcesses.tesseracts().toList()).isEmpty());
        await().atMost(Duration.ofSeconds(2)).until(() -> ParserProcesses.gone(working));
        assertThat(events).noneMatch(ParseEvent.Parsed.class::isInstance);
    }

    private static void assumeTesseract() {
        OcrSupport ocr = parser.ocrSupport().block(WAIT);
        Assumptions.assumeTrue(
                ocr != null && ocr.available() && ocr.languages().contains("eng"),
                "tesseract with English is not installed");
    }
}
