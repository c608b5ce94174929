package io.jobstream.parsing.child;

import io.jobstream.parsing.ParseOptions;

/** The pages (from 1, inclusive) a parse keeps, out of a document of {@code pageCount} pages. */
record PageSelection(int first, int last) {

    static PageSelection of(ParseOptions options, int pageCount) {
        int first = Math.max(1, options.firstPage() == null ? 1 : options.firstPage());
        int last = Math.min(pageCount, options.lastPage() == null ? pageCount : options.lastPage());
        if (options.maxPages() != null) {
            last = Math.min(last, first + options.maxPages() - 1);
        }
        return new PageSelection(first, last);
    }

    boolean contains(int page) {
        return page >= first && page <= last;
    }

    int count() {
        return Math.max(0, last - first + 1);
    }
}
