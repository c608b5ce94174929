package io.jobstream.parsing;

/**
 * One document could not be read. The message names the file and says why, for people;
 * {@link Reason} is what callers switch on.
 */
public class ParseFailure extends RuntimeException {

    private final Reason reason;

    public ParseFailure(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public enum Reason {
        /** Encrypted, corrupt or of a type no parser reads; or the parser ran out of memory or crashed. */
        UNREADABLE,
        /** Tesseract is missing, or failed on a page. */
        OCR,
        /** Over the byte, page or output caps. */
        TOO_LARGE,
        /** The parser took longer than its time limit and was killed. */
        TIMEOUT
    }
}
