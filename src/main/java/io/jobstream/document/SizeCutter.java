package io.jobstream.document;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stretch of text into pieces of at most {@code max} characters, each trimmed of
 * whitespace and never blank. A cut goes at the last paragraph break (a blank line) in the
 * piece's second half, else at the last sentence end there, else at the last whitespace,
 * else mid-word (never inside a surrogate pair). The next piece starts {@code overlap}
 * characters before the cut, moved forward to the start of a word where there is one, so
 * that pieces do not begin mid-word; a cut in a piece's second half and an overlap under
 * half of {@code max} make every piece start after the one before.
 */
final class SizeCutter {

    private static final String SENTENCE_ENDS = ".!?…";
    private static final String CLOSERS = "\"')]”’»";

    private final String text;
    private final int max;
    private final int overlap;

    SizeCutter(String text, int max, int overlap) {
        this.text = text;
        this.max = max;
        this.overlap = overlap;
    }

    /** The pieces of {@code range}, trimmed, in order. */
    List<DocumentText.Range> cut(DocumentText.Range range) {
        List<DocumentText.Range> pieces = new ArrayList<>();
        int start = skipWhitespace(range.start(), range.end());
        while (start < range.end()) {
            int end = range.end() - start <= max ? range.end() : cutBefore(start);
            pieces.add(trimmed(start, end));
            if (skipWhitespace(end, range.end()) >= range.end()) {
                // only whitespace is left: an overlap alone would repeat the previous piece
                break;
            }
            start = skipWhitespace(nextStart(start, end), range.end());
        }
        return pieces;
    }

    /** Where a piece from {@code start} that cannot hold the rest ends: the best break in its second half. */
    private int cutBefore(int start) {
        int last = start + max;
        int first = start + max / 2;
        for (Break kind : Break.values()) {
            for (int position = last; position >= first; position--) {
                if (kind.at(this, position)) {
                    return position;
                }
            }
        }
        boolean splitsPair =
                Character.isHighSurrogate(text.charAt(last - 1)) && Character.isLowSurrogate(text.charAt(last));
        return splitsPair ? last - 1 : last;
    }

    /** Where breaks may go, best first: {@code at(position)} says whether a piece may end just before it. */
    private enum Break {
        PARAGRAPH {
            @Override
            boolean at(SizeCutter cutter, int position) {
                return cutter.text.charAt(position) == '\n' && cutter.blankLineEndsAt(position);
            }
        },
        SENTENCE {
            @Override
            boolean at(SizeCutter cutter, int position) {
                return Character.isWhitespace(cutter.text.charAt(position)) && cutter.sentenceEndsBefore(position);
            }
        },
        WORD {
            @Override
            boolean at(SizeCutter cutter, int position) {
                return Character.isWhitespace(cutter.text.charAt(position));
            }
        };

        abstract boolean at(SizeCutter cutter, int position);
    }

    /** Whether the line that the newline at {@code newline} ends is blank (the text before it is a paragraph). */
    private boolean blankLineEndsAt(int newline) {
        int position = newline - 1;
        while (position >= 0 && text.charAt(position) != '\n' && Character.isWhitespace(text.charAt(position))) {
            position--;
        }
        return position >= 0 && text.charAt(position) == '\n';
    }

    private boolean sentenceEndsBefore(int position) {
        int last = position - 1;
        while (last > 0 && CLOSERS.indexOf(text.charAt(last)) >= 0) {
            last--;
        }
        return last >= 0 && SENTENCE_ENDS.indexOf(text.charAt(last)) >= 0;
    }

    /** {@code overlap} characters before {@code end}, at the first word start from there if there is one. */
    private int nextStart(int start, int end) {
        int from = Math.max(end - overlap, start + 1);
        for (int position = from; position < end; position++) {
            if (Character.isWhitespace(text.charAt(position - 1)) && !Character.isWhitespace(text.charAt(position))) {
                return position;
            }
        }
        boolean splitsPair =
                Character.isLowSurrogate(text.charAt(from)) && Character.isHighSurrogate(text.charAt(from - 1));
        return splitsPair ? from + 1 : from;
    }

    private int skipWhitespace(int position, int end) {
        int at = position;
        while (at < end && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private DocumentText.Range trimmed(int start, int end) {
        int trimmedEnd = end;
        while (trimmedEnd > start && Character.isWhitespace(text.charAt(trimmedEnd - 1))) {
            trimmedEnd--;
        }
        return new DocumentText.Range(start, trimmedEnd);
    }
}
