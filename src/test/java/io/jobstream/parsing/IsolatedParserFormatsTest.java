package io.jobstream.parsing;

import static io.jobstream.parsing.ParserFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseEvent.Parsed;
import io.jobstream.parsing.ParseEvent.Phase;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.ParsedPage.Heading;
import io.jobstream.support.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** What the isolated parser reads from the formats a parse job takes, and how it refuses what it cannot read. */
class IsolatedParserFormatsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static IsolatedParser parser;

    @TempDir
    static Path directory;

    private static TestDocuments documents;

    @BeforeAll
    static void startParser() {
        parser = new IsolatedParser(ParserFixtures.defaults());
        documents = new TestDocuments(directory);
    }

    @AfterAll
    static void stopParser() {
        parser.destroy();
    }

    @Test
    void pdfTextComesPageByPageWithItsMetadata() {
        Path pdf = documents.textPdf(
                "known.pdf",
                "Known Pages",
                "Ada Lovelace",
                List.of("Alpha is on page one", "Bravo is on page two", "Charlie is on page three"));

        List<ParseEvent> events =
                parser.parse(pdf, options("known.pdf").build()).collectList().block(WAIT);

        ParsedDocument document = lastDocument(events);
        assertThat(document.pages()).extracting(ParsedPage::number).containsExactly(1, 2, 3);
        assertThat(document.pages())
                .extracting(ParsedPage::text)
                .containsExactly("Alpha is on page one", "Bravo is on page two", "Charlie is on page three");
        assertThat(document.pages()).noneMatch(ParsedPage::ocr);
        assertThat(document.metadata())
                .isEqualTo(new DocumentMetadata("application/pdf", 3, "Known Pages", "Ada Lovelace", null));
        assertThat(events)
                .filteredOn(PageProgress.class::isInstance)
                .containsExactly(
                        new PageProgress(Phase.PARSING, 1, 3),
                        new PageProgress(Phase.PARSING, 2, 3),
                        new PageProgress(Phase.PARSING, 3, 3));
    }

    @Test
    void aPageRangeKeepsOnlyItsPagesAndCountsThemAll() {
        Path pdf = documents.textPdf("range.pdf", "Range", "Ada", List.of("one", "two", "three", "four"));

        ParsedDocument document = parse(pdf, options("range.pdf").pages(2, 3).build());

        assertThat(document.pages()).extracting(ParsedPage::number).containsExactly(2, 3);
        assertThat(document.pages()).extracting(ParsedPage::text).containsExactly("two", "three");
        assertThat(document.metadata().pages()).isEqualTo(4);
    }

    @Test
    void docxHeadingsAreFoundWhereTheyStart() {
        Path docx = documents.docx(
                "report.docx", "Introduction", "This report explains the parser.", "Details", "Pages come one by one.");

        ParsedDocument document = parse(docx, options("report.docx").build());

        assertThat(document.metadata().fileType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(document.pages()).hasSize(1);
        ParsedPage page = document.pages().getFirst();
        assertThat(page.text()).contains("This report explains the parser.", "Pages come one by one.");
        assertThat(page.headings())
                .extracting(Heading::level, Heading::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "Introduction"),
                        org.assertj.core.groups.Tuple.tuple(2, "Details"));
        assertThat(page.headings())
                .allSatisfy(heading ->
                        assertThat(page.text().substring(heading.offset())).startsWith(heading.text()));
    }

    @Test
    void htmlWithoutADeclaredCharsetIsReadInTheCharsetItCameWith() {
        byte[] html =
                "<html><head><title>Café menu</title></head><body><h1>Crème brûlée</h1><p>Déjà vu</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
        Path file = documents.write("menu.html", html);

        ParsedDocument document = parse(
                file,
                options("menu.html").contentType("text/html; charset=UTF-8").build());

        assertThat(document.metadata().fileType()).isEqualTo("text/html");
        assertThat(document.metadata().title()).isEqualTo("Café menu");
        ParsedPage page = document.pages().getFirst();
        assertThat(page.text()).contains("Crème brûlée", "Déjà vu").doesNotContain("Café menu");
        assertThat(page.headings()).extracting(Heading::text).containsExactly("Crème brûlée");
    }

    @Test
    void markdownIsReadAsText() {
        Path file = documents.write("notes.md", "# Notes\n\nPlain *markdown* text.\n".getBytes(StandardCharsets.UTF_8));

        ParsedDocument document = parse(file, options("notes.md").build());

        assertThat(document.pages().getFirst().text()).contains("Plain *markdown* text.");
    }

    @Test
    void rtfAndEmailAreRead() {
        Path rtf = documents.write(
                "letter.rtf",
                "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 {\\b Dear reader}\\par Rich text body.\\par}"
                        .getBytes(StandardCharsets.US_ASCII));
        Path eml = documents.write("note.eml", """
                From: alice@example.com\r
                To: bob@example.com\r
                Subject: Quarterly numbers\r
                Content-Type: text/plain; charset=UTF-8\r
                \r
                The numbers are in.\r
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(parse(rtf, options("letter.rtf").build()).pages().getFirst().text())
                .contains("Dear reader", "Rich text body.");
        ParsedDocument email = parse(eml, options("note.eml").build());
        assertThat(email.metadata().fileType()).isEqualTo("message/rfc822");
        assertThat(email.metadata().title()).isEqualTo("Quarterly numbers");
        assertThat(email.pages().getFirst().text()).contains("The numbers are in.");
    }

    @Test
    void embeddedImagesAreWrittenAsAssetsWhenAskedFor() throws Exception {
        Path pdf = documents.imageOnlyPdf("scan-with-image.pdf", List.of("A PICTURE"));
        Path docx = documents.docxWithPicture("with-chart.docx", "See the chart.", 120, 80);

        ParsedDocument fromPdf =
                parse(pdf, options("scan-with-image.pdf").assets().build());
        ParsedDocument fromDocx =
                parse(docx, options("with-chart.docx").assets().build());
        ParsedDocument withoutAssets = parse(docx, options("with-chart.docx").build());

        assertThat(fromPdf.assets()).singleElement().satisfies(asset -> assertImage(asset, 1275, 1650));
        assertThat(fromDocx.assets()).singleElement().satisfies(asset -> {
            assertThat(asset.name()).startsWith("image-001").endsWith(".png");
            assertImage(asset, 120, 80);
        });
        assertThat(fromDocx.pages().getFirst().text()).contains("See the chart.");
        assertThat(withoutAssets.assets()).isEmpty();
    }

    private static void assertImage(ExtractedAsset asset, int width, int height) {
        assertThat(asset.contentType()).isEqualTo("image/png");
        try {
            java.awt.image.BufferedImage image =
                    javax.imageio.ImageIO.read(asset.file().toFile());
            assertThat(image.getWidth()).isEqualTo(width);
            assertThat(image.getHeight()).isEqualTo(height);
            java.nio.file.Files.delete(asset.file());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCorruptPdfIsUnreadableAndNamed() {
        Path pdf = documents.corruptPdf("broken.pdf");

        expectFailure(pdf, options("broken.pdf").build(), Reason.UNREADABLE, "broken.pdf");
    }

    @Test
    void anEncryptedPdfIsUnreadableAndSaysSo() {
        Path pdf = documents.encryptedPdf("secret.pdf");

        expectFailure(pdf, options("secret.pdf").build(), Reason.UNREADABLE, "secret.pdf is encrypted");
    }

    @Test
    void aTypeNoParserReadsIsUnreadable() {
        Path file = documents.write("blob.bin", new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff, 0, 7});

        expectFailure(file, options("blob.bin").build(), Reason.UNREADABLE, "blob.bin is of a type no parser reads");
    }

    private static ParsedDocument parse(Path file, ParseOptions options) {
        return parse(parser, file, options);
    }

    static ParsedDocument parse(IsolatedParser parser, Path file, ParseOptions options) {
        return lastDocument(parser.parse(file, options).collectList().block(WAIT));
    }

    static ParsedDocument lastDocument(List<ParseEvent> events) {
        assertThat(events).isNotEmpty().last().isInstanceOf(Parsed.class);
        return ((Parsed) events.getLast()).document();
    }

    private static void expectFailure(Path file, ParseOptions options, Reason reason, String message) {
        StepVerifier.create(parser.parse(file, options))
                .thenConsumeWhile(PageProgress.class::isInstance)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(
                                ParseFailure.class,
                                failure -> assertThat(failure.reason()).isEqualTo(reason))
                        .hasMessageContaining(message))
                .verify(WAIT);
    }
}
