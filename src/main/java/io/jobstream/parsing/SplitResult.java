package io.jobstream.parsing;

import java.util.List;

/** A split PDF: the source's page count and its parts, in order. */
public record SplitResult(int pages, List<SplitPart> parts) {

    public SplitResult {
        parts = List.copyOf(parts);
    }
}
