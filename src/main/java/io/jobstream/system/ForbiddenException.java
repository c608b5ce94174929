package io.jobstream.system;

import java.util.List;

/**
 * The caller is known and the request well-formed, but the caller may not do this (ask for more
 * than it holds, say); the violations name the fields that ask too much.
 */
public class ForbiddenException extends RuntimeException {

    private final List<Violation> violations;

    public ForbiddenException(String message, List<Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public static ForbiddenException of(String field, String message) {
        return new ForbiddenException(field + ": " + message, List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
