package io.jobstream.system;

/** Something the client sent is larger than this server accepts; the violation names it. */
public class ContentTooLargeException extends RuntimeException {

    private final Violation violation;

    public ContentTooLargeException(String field, String message) {
        super(field + ": " + message);
        this.violation = new Violation(field, message);
    }

    public Violation violation() {
        return violation;
    }
}
