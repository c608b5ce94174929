package io.jobstream.document.split;

import io.jobstream.document.DocumentRef;
import io.jobstream.document.DocumentRefs;
import io.jobstream.parsing.SplitPlan;
import io.jobstream.parsing.SplitPlan.PageSpan;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A valid {@code split} payload, read: its document and how to cut it. */
record SplitPayload(DocumentRef document, SplitPlan plan) {

    private static final String DOCUMENT = "payload.document";
    private static final List<String> MODES = List.of("every_n_pages", "ranges", "by_bookmarks");

    /** {@code "3"} or {@code "3-10"}; nine digits at most, so that the numbers fit an int. */
    private static final Pattern RANGE = Pattern.compile("([0-9]{1,9})(?:-([0-9]{1,9}))?");

    static SplitPayload of(JsonNode payload) {
        DocumentRef document = DocumentRefs.entry(payload.get("document"));
        if (payload.has("every_n_pages")) {
            return new SplitPayload(
                    document, SplitPlan.every(payload.get("every_n_pages").asInt()));
        }
        if (payload.has("ranges")) {
            List<PageSpan> ranges = new ArrayList<>();
            payload.get("ranges").forEach(range -> ranges.add(span(range.asString())));
            return new SplitPayload(document, SplitPlan.at(ranges));
        }
        return new SplitPayload(document, SplitPlan.atBookmarks());
    }

    /**
     * What the schema cannot say: exactly one mode; ranges that read as pages, start at 1 or
     * later, do not end before they start and do not pass {@code maxPages}, the most pages any
     * document may have here (the one page count known at submit: see the package description).
     */
    static List<Violation> check(JsonNode payload, int maxPages) {
        List<Violation> violations = new ArrayList<>(DocumentRefs.checkEntry(payload.get("document"), DOCUMENT));
        List<String> given = MODES.stream().filter(mode -> given(payload, mode)).toList();
        if (given.size() != 1) {
            violations.add(new Violation(
                    "payload",
                    "give exactly one of every_n_pages, ranges or by_bookmarks: true"
                            + (given.isEmpty() ? "" : "; got " + String.join(", ", given))));
        }
        JsonNode ranges = payload.path("ranges");
        for (int index = 0; index < ranges.size(); index++) {
            String problem = problem(ranges.get(index).asString(), maxPages);
            if (problem != null) {
                violations.add(new Violation("payload.ranges[" + index + "]", problem));
            }
        }
        return violations;
    }

    private static boolean given(JsonNode payload, String mode) {
        return mode.equals("by_bookmarks") ? payload.path(mode).asBoolean(false) : payload.has(mode);
    }

    private static @Nullable String problem(String range, int maxPages) {
        Matcher matcher = RANGE.matcher(range);
        if (!matcher.matches()) {
            return "must be a page range such as \"1-3\", or one page such as \"5\"; was \"" + range + "\"";
        }
        PageSpan span = span(range);
        if (span.first() < 1) {
            return "pages count from 1; was \"" + range + "\"";
        }
        if (span.last() < span.first()) {
            return "must not end before it starts; was \"" + range + "\"";
        }
        if (span.last() > maxPages) {
            return "ends at page " + span.last() + ", past the end of any document accepted here (at most " + maxPages
                    + " pages)";
        }
        return null;
    }

    /** A range that matches {@link #RANGE}. */
    private static PageSpan span(String range) {
        String[] ends = range.split("-");
        int first = Integer.parseInt(ends[0]);
        return new PageSpan(first, ends.length == 1 ? first : Integer.parseInt(ends[1]));
    }
}
