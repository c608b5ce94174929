package io.jobstream.parsing;

import java.util.List;

/**
 * How to cut a PDF into parts: every {@code everyNPages} pages, at the given page {@code ranges}
 * (from 1, inclusive, in the order given; they may overlap), or at its top-level bookmarks.
 * {@code everyNPages} is 0 and {@code ranges} empty where the mode does not use them.
 */
public record SplitPlan(Mode mode, int everyNPages, List<PageSpan> ranges) {

    public SplitPlan {
        ranges = List.copyOf(ranges);
    }

    public static SplitPlan every(int pages) {
        return new SplitPlan(Mode.EVERY_N_PAGES, pages, List.of());
    }

    public static SplitPlan at(List<PageSpan> ranges) {
        return new SplitPlan(Mode.RANGES, 0, ranges);
    }

    public static SplitPlan atBookmarks() {
        return new SplitPlan(Mode.BY_BOOKMARKS, 0, List.of());
    }

    public enum Mode {
        EVERY_N_PAGES,
        RANGES,
        BY_BOOKMARKS
    }

    /** Pages {@code first} to {@code last} of a document, from 1, both included. */
    public record PageSpan(int first, int last) {

        public int pages() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }
}
