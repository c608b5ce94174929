package io.jobstream.parsing;

/**
 * How text is read: {@code TEXT} only from the document's text layer (an image-only page
 * comes back empty and says so), {@code OCR} every page with Tesseract, {@code COMBINED}
 * both (text layer plus OCR of each page's images), {@code AUTO} the text layer and OCR for
 * the pages that have no text. Installing Tesseract never changes what a job asked for.
 */
public enum ExtractionMethod {
    AUTO,
    TEXT,
    OCR,
    COMBINED
}
