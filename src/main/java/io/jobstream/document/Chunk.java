package io.jobstream.document;

import org.jspecify.annotations.Nullable;

/**
 * A piece of one document's text for search and LLMs: where it is ({@code pageStart} to
 * {@code pageEnd}, from 1; {@code charStart}/{@code charEnd} into the document's whole text,
 * end exclusive) and the heading it sits under, where known.
 */
public record Chunk(
        int documentIndex,
        int chunkIndex,
        String text,
        int pageStart,
        int pageEnd,
        int charStart,
        int charEnd,
        @Nullable String heading) {}
