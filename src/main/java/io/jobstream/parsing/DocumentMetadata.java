package io.jobstream.parsing;

import org.jspecify.annotations.Nullable;

/**
 * What a document says about itself. {@code fileType} is the detected media type
 * ({@code application/pdf}); {@code pages} counts the pages of the whole document, also those
 * a page range left out.
 */
public record DocumentMetadata(
        String fileType,
        int pages,
        @Nullable String title,
        @Nullable String author,
        @Nullable String language) {}
