package io.jobstream.document;

import io.jobstream.parsing.ParsedPage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A document's whole text (its pages' texts joined with a blank line) and where each page
 * and heading sits in it, so that positions in the whole text can be named by page and
 * heading.
 */
final class DocumentText {

    static final String PAGE_SEPARATOR = "\n\n";

    private final String text;
    private final int[] pageStarts;
    private final int[] pageNumbers;
    private final int[] headingStarts;
    private final List<@Nullable String> headingTexts;

    /** A stretch of the whole text, {@code end} exclusive. */
    record Range(int start, int end) {}

    private record Heading(int start, @Nullable String text) {}

    private DocumentText(String text, int[] pageStarts, int[] pageNumbers, List<Heading> headings) {
        this.text = text;
        this.pageStarts = pageStarts;
        this.pageNumbers = pageNumbers;
        this.headingStarts = headings.stream().mapToInt(Heading::start).toArray();
        this.headingTexts = headings.stream().map(Heading::text).toList();
    }

    static DocumentText of(List<ParsedPage> pages) {
        StringBuilder text = new StringBuilder();
        int[] starts = new int[pages.size()];
        int[] numbers = new int[pages.size()];
        List<Heading> headings = new ArrayList<>();
        for (int index = 0; index < pages.size(); index++) {
            if (index > 0) {
                text.append(PAGE_SEPARATOR);
            }
            ParsedPage page = pages.get(index);
            starts[index] = text.length();
            numbers[index] = page.number();
            text.append(page.text());
            headings.addAll(headingsOf(page, starts[index]));
        }
        headings.sort(Comparator.comparingInt(Heading::start));
        return new DocumentText(text.toString(), starts, numbers, headings);
    }

    /** A page's headings where the whole text has them; offsets outside the page are ignored. */
    private static List<Heading> headingsOf(ParsedPage page, int pageStart) {
        return page.headings().stream()
                .filter(heading ->
                        heading.offset() >= 0 && heading.offset() <= page.text().length())
                .map(heading -> new Heading(pageStart + heading.offset(), blankToNull(heading.text())))
                .toList();
    }

    private static @Nullable String blankToNull(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    String text() {
        return text;
    }

    /** Each page's stretch, in order. */
    List<Range> pages() {
        List<Range> pages = new ArrayList<>(pageStarts.length);
        for (int index = 0; index < pageStarts.length; index++) {
            int end = index + 1 < pageStarts.length ? pageStarts[index + 1] - PAGE_SEPARATOR.length() : text.length();
            pages.add(new Range(pageStarts[index], end));
        }
        return pages;
    }

    /** The stretches from one heading to the next: the text before the first heading, then each section. */
    List<Range> sections() {
        List<Range> sections = new ArrayList<>();
        int start = 0;
        for (int headingStart : headingStarts) {
            if (headingStart > start) {
                sections.add(new Range(start, headingStart));
                start = headingStart;
            }
        }
        sections.add(new Range(start, text.length()));
        return sections;
    }

    /** The number of the page that holds the character at {@code position} (not a page separator). */
    int pageAt(int position) {
        int found = Arrays.binarySearch(pageStarts, position);
        int index = found >= 0 ? lastWithStart(pageStarts, found) : -found - 2;
        return pageNumbers[Math.max(index, 0)];
    }

    /** The last heading at or before {@code position}; null before the first heading, or if it has no text. */
    @Nullable
    String headingAt(int position) {
        int found = Arrays.binarySearch(headingStarts, position);
        int index = found >= 0 ? lastWithStart(headingStarts, found) : -found - 2;
        return index < 0 ? null : headingTexts.get(index);
    }

    /** Several pages (empty ones) or headings may start at one position: the last of them holds it. */
    private static int lastWithStart(int[] starts, int found) {
        int index = found;
        while (index + 1 < starts.length && starts[index + 1] == starts[found]) {
            index++;
        }
        return index;
    }
}
