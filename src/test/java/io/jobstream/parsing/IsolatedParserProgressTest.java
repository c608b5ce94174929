package io.jobstream.parsing;

import static io.jobstream.parsing.ParserFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseEvent.Phase;
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
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Progress comes while a document is read, also to a consumer that asks for one event at a
 * time from another thread (as a stage does that records each report before the next).
 */
class IsolatedParserProgressTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path directory;

    private static IsolatedParser parser;

    @BeforeAll
    static void startParser() {
        parser = new IsolatedParser(ParserFixtures.defaults());
    }

    @AfterAll
    static void stopParser() {
        parser.destroy();
    }

    @Test
    void pageProgressReachesAConsumerAskingForOneEventAtATimeBeforeTheDocumentIsDone() {
        OcrSupport ocr = parser.ocrSupport().block(WAIT);
        Assumptions.assumeTrue(ocr != null && ocr.available(), "tesseract is not installed");
        Path scan = new TestDocuments(directory)
                .imageOnlyPdf("three-pages.pdf", Collections.nCopies(3, "ONE PAGE OF SCANNED TEXT"));
        List<ParseEvent> seen = new CopyOnWriteArrayList<>();

        Disposable parse = parser.parse(
                        scan,
                        options("three-pages.pdf").method(ExtractionMethod.OCR).build())
                .concatMap(event -> Mono.delay(Duration.ofMillis(1)).thenReturn(event))
                .subscribe(seen::add);
        try {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> seen.contains(new PageProgress(Phase.OCR, 1, 3)));

            assertThat(seen).noneMatch(ParseEvent.Parsed.class::isInstance);
        } finally {
            parse.dispose();
        }
    }
}
