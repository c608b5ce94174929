package io.jobstream.system;

/** The request is valid but contradicts the current state of what it touches. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
