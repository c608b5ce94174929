package io.jobstream.parsing;

import java.util.List;

/**
 * One page's text ({@code number} from 1, as in the document). Documents without pages (HTML,
 * DOCX, plain text) come back as one page. {@code ocr} says whether the text was read from
 * the page's image by Tesseract. {@code headings} point into {@code text}.
 */
public record ParsedPage(int number, String text, boolean ocr, List<Heading> headings) {

    public ParsedPage {
        headings = List.copyOf(headings);
    }

    /** A heading that starts at {@code offset} (a char index into the page's text), level 1-6. */
    public record Heading(int offset, int level, String text) {}
}
