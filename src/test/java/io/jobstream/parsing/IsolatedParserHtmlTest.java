package io.jobstream.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.parsing.ParsedPage.Heading;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** How the parser's child reads a crawled HTML page ({@link IsolatedParser#readHtml}): charset, text, links. */
class IsolatedParserHtmlTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final URI PAGE = URI.create("https://site.example/docs/guide.html");

    private static IsolatedParser parser;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startParser() {
        parser = new IsolatedParser(ParserFixtures.defaults());
    }

    @AfterAll
    static void stopParser() {
        parser.destroy();
    }

    @Test
    void thePageIsReadInTheResponsesCharsetOnlyWhenItDeclaresNone() throws IOException {
        String accented = "<html><body><p>Déjà vu à Noël</p></body></html>";
        Path latin = write("latin.html", accented, StandardCharsets.ISO_8859_1);
        Path declared = write(
                "declared.html",
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>"
                        + "<body><p>Déjà vu à Noël</p></body></html>",
                Charset.forName("windows-1252"));
        Path undeclared = write("plain.html", accented, StandardCharsets.UTF_8);

        assertThat(read(latin, "ISO-8859-1").text()).isEqualTo("Déjà vu à Noël");
        HtmlPage overruled = read(declared, "UTF-8");
        assertThat(overruled.text()).isEqualTo("Déjà vu à Noël");
        assertThat(overruled.charset()).isEqualTo("windows-1252");
        HtmlPage defaulted = read(undeclared, null);
        assertThat(defaulted.text()).isEqualTo("Déjà vu à Noël");
        assertThat(defaulted.charset()).isEqualTo("UTF-8");
    }

    @Test
    void textHeadingsAndLinksAreWhatAPersonSees() throws IOException {
        Path page = write(
                "guide.html",
                "<html lang=\"fr\"><head><title> The guide </title><style>p { color: red }</style></head><body>"
                        + "<script>document.write('hidden')</script><h1>Guide</h1><p>First   paragraph,\n spread.</p>"
                        + "<ul><li>one</li><li>two</li></ul><h2>Next</h2><p>More <b>bold</b> text.</p>"
                        + "<a href=\"intro.html#part\">a</a><a href=\"/api/\">b</a><a href=\"intro.html\">again</a>"
                        + "<a href=\"mailto:x@example.com\">mail</a><a href=\"https://other.example/x\">c</a>"
                        + "<a href=\"javascript:void(0)\">js</a></body></html>",
                StandardCharsets.UTF_8);

        HtmlPage read = read(page, null);

        assertThat(read.title()).isEqualTo("The guide");
        assertThat(read.language()).isEqualTo("fr");
        assertThat(read.text())
                .isEqualTo(
                        "Guide\n\nFirst paragraph, spread.\n\none\ntwo\n\nNext\n\nMore bold text.\n\nabagainmailcjs");
        // a heading's offset is where it starts in the text
        assertThat(read.headings())
                .containsExactly(
                        new Heading(0, 1, "Guide"), new Heading(read.text().indexOf("Next"), 2, "Next"));
        assertThat(read.links())
                .containsExactly(
                        "https://site.example/docs/intro.html", "https://site.example/api/", "https://other.example/x");
    }

    @Test
    void aPageWithMoreLinksThanAllowedKeepsTheFirst() throws IOException {
        StringBuilder links = new StringBuilder();
        for (int n = 0; n < 50; n++) {
            links.append("<a href=\"p").append(n).append(".html\">").append(n).append("</a>");
        }
        Path page = write("many.html", "<html><body>" + links + "</body></html>", StandardCharsets.UTF_8);

        StepVerifier.create(parser.readHtml(page, PAGE, null, 10))
                .assertNext(
                        read -> assertThat(read.links()).hasSize(10).startsWith("https://site.example/docs/p0.html"))
                .verifyComplete();
    }

    private static HtmlPage read(Path file, String charset) {
        return parser.readHtml(file, PAGE, charset, 100).block(WAIT);
    }

    private static Path write(String name, String html, Charset charset) throws IOException {
        return Files.write(directory.resolve(name), html.getBytes(charset));
    }
}
