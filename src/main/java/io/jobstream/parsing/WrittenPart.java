package io.jobstream.parsing;

import java.nio.file.Path;

/** A part the parser's child has written to {@code file}, one of {@code partCount}; the file is deleted once kept. */
public record WrittenPart(SplitPart part, int partCount, Path file) {}
