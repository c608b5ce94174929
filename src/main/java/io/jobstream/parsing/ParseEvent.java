package io.jobstream.parsing;

/**
 * What a parse reports while it runs: progress through the pages of a phase ({@code parsing}
 * or {@code ocr}), then, last, the document.
 */
public sealed interface ParseEvent {

    /** {@code page} of {@code pages} done in {@code phase}. */
    record PageProgress(Phase phase, int page, int pages) implements ParseEvent {}

    record Parsed(ParsedDocument document) implements ParseEvent {}

    enum Phase {
        PARSING,
        OCR
    }
}
