package io.jobstream.parsing;

import org.jspecify.annotations.Nullable;

/**
 * One part of a split PDF: its place ({@code number}, from 1), its file name
 * ({@code part-<number>.pdf}), the pages of the source it holds, its size, and the title of the
 * bookmark it starts at (split by bookmarks only; null for the pages before the first one).
 */
public record SplitPart(
        int number,
        String name,
        int firstPage,
        int lastPage,
        int pages,
        long bytes,
        @Nullable String title) {

    /** The stable name of part {@code number}. */
    public static String name(int number) {
        return "part-" + number + ".pdf";
    }
}
