package io.jobstream.parsing;

import java.nio.file.Path;

/** An image embedded in a document, written by the parser to a temporary file the caller deletes. */
public record ExtractedAsset(String name, String contentType, Path file) {}
