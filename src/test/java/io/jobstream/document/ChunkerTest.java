package io.jobstream.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.jobstream.document.ChunkingOptions.Strategy;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.parsing.ParsedPage.Heading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** How documents are cut: offsets, pages, sizes, overlap and headings, for every strategy. */
class ChunkerTest {

    private final Chunker chunker = new Chunker();

    /** A sentence of about 60 characters, numbered so that every one is different. */
    private static String sentence(int number) {
        return "Sentence " + number + " tells the reader something about chunking text.";
    }

    /** {@code count} sentences from {@code first}, as one paragraph. */
    private static String paragraph(int first, int count) {
        List<String> sentences = new ArrayList<>();
        for (int number = first; number < first + count; number++) {
            sentences.add(sentence(number));
        }
        return String.join(" ", sentences);
    }

    private static ParsedPage page(int number, String text, Heading... headings) {
        return new ParsedPage(number, text, false, List.of(headings));
    }

    /** Three pages of paragraphs: headings "Annual report" and "Methods" on page 1, none on page 2, "Results" on page 3. */
    private static List<ParsedPage> report() {
        String intro = "Annual report\n\n" + paragraph(1, 10) + "\n\n" + paragraph(11, 10);
        String methods = "Methods\n\n" + paragraph(21, 10) + "\n\n" + paragraph(31, 10);
        String middle = paragraph(41, 10) + "\n\n" + paragraph(51, 3);
        String results = "Results\n\n" + paragraph(61, 10) + "\n\n" + paragraph(71, 10);
        String firstPage = intro + "\n\n" + methods;
        return List.of(
                page(1, firstPage, new Heading(0, 1, "Annual report"), new Heading(intro.length() + 2, 2, "Methods")),
                page(2, middle),
                page(3, results, new Heading(0, 2, "Results")));
    }

    private static ChunkingOptions options(Strategy strategy, int max, int overlap) {
        return new ChunkingOptions(strategy, max, overlap);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everyChunkIsItsStretchOfTheWholeTextTrimmedAndInOrder(Strategy strategy) {
        List<ParsedPage> pages = report();
        String whole = Chunker.documentText(pages);

        List<Chunk> chunks = chunker.chunk(7, pages, options(strategy, 300, 60));

        assertThat(chunks).hasSizeGreaterThan(10);
        for (int index = 0; index < chunks.size(); index++) {
            Chunk chunk = chunks.get(index);
            assertThat(chunk.documentIndex()).isEqualTo(7);
            assertThat(chunk.chunkIndex()).isEqualTo(index);
            assertThat(whole.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
            assertThat(chunk.text()).isNotBlank().isEqualTo(chunk.text().strip());
            assertThat(chunk.text().length()).isLessThanOrEqualTo(300);
            if (index > 0) {
                assertThat(chunk.charStart())
                        .isGreaterThan(chunks.get(index - 1).charStart());
            }
        }
    }

    /** Nothing is lost: every character that is not whitespace is in some chunk. */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everyCharacterOfTextIsInAChunk(Strategy strategy) {
        List<ParsedPage> pages = report();
        String whole = Chunker.documentText(pages);
        boolean[] covered = new boolean[whole.length()];

        for (Chunk chunk : chunker.chunk(0, pages, options(strategy, 250, 0))) {
            for (int position = chunk.charStart(); position < chunk.charEnd(); position++) {
                covered[position] = true;
            }
        }

        for (int position = 0; position < whole.length(); position++) {
            assertThat(covered[position] || Character.isWhitespace(whole.charAt(position)))
                    .as("character %d (%s) is in a chunk", position, whole.charAt(position))
                    .isTrue();
        }
    }

    @Test
    void wholeTextIsThePagesJoinedByABlankLine() {
        assertThat(Chunker.documentText(List.of(page(1, "one"), page(2, ""), page(3, "three"))))
                .isEqualTo("one\n\n\n\nthree");
    }

    @Test
    void chunkAcrossAPageBreakSpansBothPages() {
        List<ParsedPage> pages = List.of(page(4, "End of page four."), page(5, "Start of page five."));

        List<Chunk> chunks = chunker.chunk(0, pages, ChunkingOptions.defaults());

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.text()).isEqualTo("End of page four.\n\nStart of page five.");
            assertThat(chunk.pageStart()).isEqualTo(4);
            assertThat(chunk.pageEnd()).isEqualTo(5);
            assertThat(chunk.charStart()).isZero();
            assertThat(chunk.charEnd()).isEqualTo(38);
        });
    }

    /** Each chunk's pages are the pages its first and last characters come from. */
    @Test
    void pageSpansFollowTheCharacters() {
        List<ParsedPage> pages = report();
        String whole = Chunker.documentText(pages);
        int pageTwoStart = whole.indexOf(sentence(41));
        int pageThreeStart = whole.indexOf("Results");

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 400, 80));

        assertThat(chunks).anySatisfy(chunk -> assertThat(chunk.pageStart()).isNotEqualTo(chunk.pageEnd()));
        for (Chunk chunk : chunks) {
            assertThat(chunk.pageStart()).isEqualTo(pageOf(chunk.charStart(), pageTwoStart, pageThreeStart));
            assertThat(chunk.pageEnd()).isEqualTo(pageOf(chunk.charEnd() - 1, pageTwoStart, pageThreeStart));
        }
    }

    private static int pageOf(int position, int pageTwoStart, int pageThreeStart) {
        return position >= pageThreeStart ? 3 : position >= pageTwoStart ? 2 : 1;
    }

    @Test
    void byPageMakesOneChunkPerPageAndSkipsEmptyPages() {
        List<ParsedPage> pages =
                List.of(page(1, "First page."), page(2, ""), page(3, "  \n \t"), page(4, "\n Fourth page. \n"));

        List<Chunk> chunks = chunker.chunk(0, pages, ChunkingOptions.of(Strategy.BY_PAGE));

        assertThat(chunks).extracting(Chunk::text).containsExactly("First page.", "Fourth page.");
        assertThat(chunks).extracting(Chunk::pageStart).containsExactly(1, 4);
        assertThat(chunks).extracting(Chunk::pageEnd).containsExactly(1, 4);
        assertThat(chunks).extracting(Chunk::chunkIndex).containsExactly(0, 1);
        assertThat(chunks.get(1).charStart()).isEqualTo("First page.\n\n\n\n  \n \t\n\n\n ".length());
    }

    @Test
    void byPageCutsALongPageWithinThePage() {
        List<ParsedPage> pages = List.of(page(1, paragraph(1, 30)), page(2, "Short page."));

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_PAGE, 500, 50));

        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(chunk -> {
            assertThat(chunk.pageStart()).isEqualTo(1);
            assertThat(chunk.pageEnd()).isEqualTo(1);
            assertThat(chunk.text().length()).isLessThanOrEqualTo(500);
        });
        assertThat(chunks.getLast().text()).isEqualTo("Short page.");
    }

    @Test
    void bySizeCutsAtSentenceEndsAndNeverMidWord() {
        List<ParsedPage> pages = List.of(page(1, paragraph(1, 40)));
        String whole = Chunker.documentText(pages);

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 200, 40));

        assertThat(chunks).hasSizeGreaterThan(10);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text()).endsWith(".");
            assertThat(chunk.charStart() == 0 || Character.isWhitespace(whole.charAt(chunk.charStart() - 1)))
                    .as("chunk %d starts at a word", chunk.chunkIndex())
                    .isTrue();
        });
    }

    @Test
    void bySizePrefersAParagraphBreakToASentenceEnd() {
        String first = paragraph(1, 2);
        String second = paragraph(3, 2);
        List<ParsedPage> pages = List.of(page(1, first + "\n\n" + second + " " + paragraph(5, 3)));

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 200, 0));

        assertThat(chunks.getFirst().text()).isEqualTo(first);
    }

    @Test
    void consecutiveChunksShareTheOverlap() {
        List<ParsedPage> pages = List.of(page(1, paragraph(1, 40)));
        String whole = Chunker.documentText(pages);

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 300, 100));

        for (int index = 1; index < chunks.size(); index++) {
            Chunk previous = chunks.get(index - 1);
            Chunk next = chunks.get(index);
            int repeated = previous.charEnd() - next.charStart();
            assertThat(repeated).as("characters repeated in chunk %d", index).isBetween(50, 100);
            assertThat(next.text()).startsWith(whole.substring(next.charStart(), previous.charEnd()));
            assertThat(previous.text()).endsWith(whole.substring(next.charStart(), previous.charEnd()));
        }
    }

    /** A cut before trailing whitespace leaves nothing to chunk: the overlap alone makes no chunk. */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void trailingWhitespaceMakesNoChunkOfOverlapAlone(Strategy strategy) {
        List<ParsedPage> pages = List.of(page(1, paragraph(1, 3) + " ".repeat(60)));

        List<Chunk> chunks = chunker.chunk(0, pages, options(strategy, 200, 60));

        for (int index = 1; index < chunks.size(); index++) {
            assertThat(chunks.get(index).charEnd())
                    .isGreaterThan(chunks.get(index - 1).charEnd());
        }
    }

    @Test
    void noOverlapMeansNoCharacterRepeated() {
        List<ParsedPage> pages = List.of(page(1, paragraph(1, 40)));

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 300, 0));

        for (int index = 1; index < chunks.size(); index++) {
            assertThat(chunks.get(index).charStart())
                    .isGreaterThanOrEqualTo(chunks.get(index - 1).charEnd());
        }
    }

    @Test
    void byHeadingStartsAChunkAtEachHeadingAndNamesIt() {
        List<ParsedPage> pages = report();
        String whole = Chunker.documentText(pages);

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_HEADING, 2000, 100));

        assertThat(chunks).extracting(Chunk::heading).containsExactly("Annual report", "Methods", "Results");
        assertThat(chunks)
                .extracting(Chunk::charStart)
                .containsExactly(0, whole.indexOf("Methods"), whole.indexOf("Results"));
        assertThat(chunks.get(1).text()).startsWith("Methods").endsWith(sentence(53));
        assertThat(chunks.get(1).pageStart()).isEqualTo(1);
        assertThat(chunks.get(1).pageEnd()).isEqualTo(2);
    }

    @Test
    void byHeadingCutsALongSectionAndKeepsItsHeading() {
        List<ParsedPage> pages = report();
        String whole = Chunker.documentText(pages);

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_HEADING, 400, 50));

        assertThat(chunks).extracting(Chunk::heading).containsSubsequence("Annual report", "Methods", "Results");
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text().length()).isLessThanOrEqualTo(400);
            int methods = whole.indexOf("Methods");
            int results = whole.indexOf("Results");
            String expected = chunk.charStart() >= results
                    ? "Results"
                    : chunk.charStart() >= methods ? "Methods" : "Annual report";
            assertThat(chunk.heading()).isEqualTo(expected);
            boolean crossesMethods = chunk.charStart() < methods && chunk.charEnd() > methods;
            boolean crossesResults = chunk.charStart() < results && chunk.charEnd() > results;
            assertThat(crossesMethods || crossesResults)
                    .as("chunk %d spans two sections", chunk.chunkIndex())
                    .isFalse();
        });
    }

    @Test
    void textBeforeTheFirstHeadingHasNoHeading() {
        String text = "Preface without a heading.\n\nChapter one\n\nThe chapter's text.";
        List<ParsedPage> pages = List.of(page(1, text, new Heading(text.indexOf("Chapter"), 1, "Chapter one")));

        List<Chunk> chunks = chunker.chunk(0, pages, ChunkingOptions.of(Strategy.BY_HEADING));

        assertThat(chunks)
                .extracting(Chunk::text)
                .containsExactly("Preface without a heading.", "Chapter one\n\nThe chapter's text.");
        assertThat(chunks).extracting(Chunk::heading).containsExactly(null, "Chapter one");
    }

    @Test
    void bySizeNamesTheLastHeadingAtOrBeforeTheChunk() {
        List<ParsedPage> pages = report();
        String whole = Chunker.documentText(pages);
        int methods = whole.indexOf("Methods");
        int results = whole.indexOf("Results");

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 500, 100));

        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(chunk.heading())
                        .isEqualTo(
                                chunk.charStart() >= results
                                        ? "Results"
                                        : chunk.charStart() >= methods ? "Methods" : "Annual report"));
        assertThat(chunks).extracting(Chunk::heading).contains("Methods", "Results");
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aWordLongerThanAChunkIsStillCut(Strategy strategy) {
        String word = "x".repeat(2_500);
        List<ParsedPage> pages = List.of(page(1, "Before. " + word + " after."));

        List<Chunk> chunks = chunker.chunk(0, pages, options(strategy, 1000, 100));

        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text().length()).isLessThanOrEqualTo(1000));
        assertThat(chunks.getLast().text()).endsWith("after.");
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00";
        List<ParsedPage> pages = List.of(page(1, emoji.repeat(301)));

        List<Chunk> chunks = chunker.chunk(0, pages, options(Strategy.BY_SIZE, 101, 25));

        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(Character.isLowSurrogate(chunk.text().charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(
                            chunk.text().charAt(chunk.text().length() - 1)))
                    .isFalse();
            assertThat(chunk.text().length()).isLessThanOrEqualTo(101);
        });
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aDocumentWithoutTextHasNoChunks(Strategy strategy) {
        assertThat(chunker.chunk(0, List.of(), ChunkingOptions.of(strategy))).isEmpty();
        assertThat(chunker.chunk(0, List.of(page(1, " \n "), page(2, "")), ChunkingOptions.of(strategy)))
                .isEmpty();
    }

    @Test
    void headingOffsetsOutsideTheirPageAreIgnored() {
        List<ParsedPage> pages = List.of(page(1, "Some text.", new Heading(500, 1, "Nowhere")), page(2, "More text."));

        List<Chunk> chunks = chunker.chunk(0, pages, ChunkingOptions.of(Strategy.BY_HEADING));

        assertThat(chunks)
                .singleElement()
                .satisfies(chunk -> assertThat(chunk.heading()).isNull());
    }

    @ParameterizedTest(name = "max {0}, overlap {1}")
    @CsvSource({"99, 0", "100001, 0", "1000, -1", "1000, 500", "100, 50"})
    void optionsOutOfRangeAreRefused(int max, int overlap) {
        assertThatIllegalArgumentException().isThrownBy(() -> options(Strategy.BY_SIZE, max, overlap));
    }

    @ParameterizedTest(name = "max {0}, overlap {1}")
    @CsvSource({"100, 0", "100, 49", "100000, 49999", "1000, 100"})
    void optionsAtTheEdgesAreAccepted(int max, int overlap) {
        assertThatNoException().isThrownBy(() -> options(Strategy.BY_SIZE, max, overlap));
    }
}
