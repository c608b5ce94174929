package io.jobstream.document.extract;

import io.jobstream.document.DocumentFailure;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.system.MatchBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Applies a template to the pages of one document. Pages are searched in order and each on its
 * own (a value never spans two pages); the first place where a rule points at a value of the
 * field's type wins. Blocking and CPU-bound: callers run it off the event loop, and each
 * field's matching is bounded by a fresh {@link Deadline}.
 */
final class Extractor {

    /** What may stand between a label and its value on the same line: {@code Total: }, {@code Invoice # }, {@code No. }. */
    private static final Pattern SEPARATORS = Pattern.compile("^(?:\\s|[:#|\u2013\u2014]|[.\\-](?=\\s))+");

    private Extractor() {}

    /**
     * @throws DocumentFailure ({@code VALIDATION_ERROR}, naming the field) if a field's rule ran past its deadline
     * @throws java.util.concurrent.CancellationException if a deadline says the work was cancelled
     */
    static Extraction extract(Template template, List<ParsedPage> pages, Supplier<Deadline> deadlines) {
        List<Extraction.Found> found = new ArrayList<>();
        for (Field field : template.fields()) {
            Deadline deadline = deadlines.get();
            try {
                found.add(new Extraction.Found(field, find(field, pages, deadline)));
            } catch (RuleTimeoutException e) {
                throw new DocumentFailure(
                        ErrorCode.VALIDATION_ERROR,
                        "field " + field.name() + ": its rule was stopped, " + e.getMessage()
                                + " on this document; a regular expression that backtracks this much needs"
                                + " simplifying");
            } catch (StackOverflowError e) {
                // java.util.regex recurses for each repetition of an alternation ((a|b)*): long text exhausts the
                // stack. Caught here, where the stack has unwound; Reactor would treat it as fatal and drop the job.
                throw new DocumentFailure(
                        ErrorCode.VALIDATION_ERROR,
                        "field " + field.name() + ": its rule recursed too deeply on this document; a regular"
                                + " expression that repeats an alternation over long text needs simplifying");
            }
        }
        return new Extraction(found);
    }

    private static @Nullable FieldValue find(Field field, List<ParsedPage> pages, Deadline deadline) {
        return switch (field.rule()) {
            case Rule.Regex regex -> byRegex(field, regex.pattern(), pages, deadline);
            case Rule.Label label -> byLabel(field, label, pages, deadline);
        };
    }

    private static @Nullable FieldValue byRegex(
            Field field, Pattern pattern, List<ParsedPage> pages, Deadline deadline) {
        for (ParsedPage page : pages) {
            Matcher matcher = pattern.matcher(MatchBudget.charge(page.text(), deadline));
            while (matcher.find()) {
                JsonNode value = read(field, matcher);
                if (value != null) {
                    return new FieldValue(value, page.number(), matcher.group());
                }
            }
        }
        return null;
    }

    /**
     * Labels in the rule's order: a later label is looked for only when no earlier one led to a
     * value. For each label, values to its right are looked for first, in the whole document,
     * then values below it: a column heading with figures below it ({@code Total}) loses to the
     * same label with its value beside it further on.
     */
    private static @Nullable FieldValue byLabel(
            Field field, Rule.Label rule, List<ParsedPage> pages, Deadline deadline) {
        for (Pattern label : rule.labelPatterns()) {
            FieldValue right = rule.position().right() ? atLabel(field, rule, label, pages, true, deadline) : null;
            if (right != null) {
                return right;
            }
            FieldValue below = rule.position().below() ? atLabel(field, rule, label, pages, false, deadline) : null;
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    private static @Nullable FieldValue atLabel(
            Field field, Rule.Label rule, Pattern label, List<ParsedPage> pages, boolean right, Deadline deadline) {
        for (ParsedPage page : pages) {
            Matcher matcher = label.matcher(MatchBudget.charge(page.text(), deadline));
            while (matcher.find()) {
                FieldValue value = right
                        ? rightOf(field, rule, page, matcher.start(), matcher.end(), deadline)
                        : below(field, rule, page, matcher.start(), matcher.end(), deadline);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static @Nullable FieldValue rightOf(
            Field field, Rule.Label rule, ParsedPage page, int start, int end, Deadline deadline) {
        String text = page.text();
        int lineEnd = lineEnd(text, end);
        String right = SEPARATORS.matcher(text.substring(end, lineEnd)).replaceFirst("");
        JsonNode value = valueIn(field, rule, right, deadline);
        return value == null
                ? null
                : new FieldValue(
                        value, page.number(), text.substring(start, lineEnd).strip());
    }

    private static @Nullable FieldValue below(
            Field field, Rule.Label rule, ParsedPage page, int start, int end, Deadline deadline) {
        String text = page.text();
        int lineEnd = lineEnd(text, end);
        String below = nextLine(text, lineEnd);
        JsonNode value = below == null ? null : valueIn(field, rule, below, deadline);
        return value == null
                ? null
                : new FieldValue(
                        value, page.number(), text.substring(start, lineEnd).strip() + "\n" + below);
    }

    private static @Nullable JsonNode valueIn(Field field, Rule.Label rule, String text, Deadline deadline) {
        Pattern pattern = rule.pattern();
        if (pattern == null) {
            return Values.read(field, text);
        }
        Matcher matcher = pattern.matcher(MatchBudget.charge(text, deadline));
        while (matcher.find()) {
            JsonNode value = read(field, matcher);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The value in a match: its group {@code value} if the pattern has one, else group 1, else the whole match. */
    private static @Nullable JsonNode read(Field field, Matcher matcher) {
        String candidate = matcher.pattern().namedGroups().containsKey("value")
                ? matcher.group("value")
                : matcher.groupCount() >= 1 ? matcher.group(1) : matcher.group();
        return candidate == null ? null : Values.read(field, candidate);
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    /** The first line after {@code lineEnd} with more than white space, stripped; null if there is none. */
    private static @Nullable String nextLine(String text, int lineEnd) {
        int start = lineEnd + 1;
        while (start < text.length()) {
            int end = lineEnd(text, start);
            String line = text.substring(start, end).strip();
            if (!line.isEmpty()) {
                return line;
            }
            start = end + 1;
        }
        return null;
    }
}
