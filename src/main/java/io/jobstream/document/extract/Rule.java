package io.jobstream.document.extract;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Where a field's value is in the text. */
sealed interface Rule {

    /**
     * A regular expression (Java syntax), searched page by page: the value is its group
     * {@code value} if it has one, else its group 1, else the whole match.
     */
    record Regex(Pattern pattern) implements Rule {}

    /**
     * One of {@code labels} (case-insensitive, not inside a longer word; the first label of the
     * list found in the document wins), with the value after it on the same line or on the next
     * non-empty line. {@code pattern}, when given, is what the value must match (its first
     * match in that text is taken).
     */
    record Label(
            List<String> labels,
            Position position,
            @Nullable Pattern pattern) implements Rule {

        public Label {
            labels = List.copyOf(labels);
        }

        /** Each label as a pattern: its words with any white space between them, not part of a longer word. */
        List<Pattern> labelPatterns() {
            return labels.stream().map(Label::labelPattern).toList();
        }

        private static Pattern labelPattern(String label) {
            String words = Pattern.compile("\\s+")
                    .splitAsStream(label.strip())
                    .map(Pattern::quote)
                    .collect(Collectors.joining("\\s+"));
            String end =
                    Character.isLetterOrDigit(label.strip().charAt(label.strip().length() - 1))
                            ? "(?![\\p{L}\\p{N}])"
                            : "";
            return Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + words + end, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }

    /** Where a label's value is. */
    enum Position {
        /** After the label, on the same line. */
        RIGHT,
        /** On the next non-empty line. */
        BELOW,
        /** After the label if there is a value there, else below. */
        RIGHT_OR_BELOW;

        static Position fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        boolean right() {
            return this != BELOW;
        }

        boolean below() {
            return this != RIGHT;
        }
    }
}
