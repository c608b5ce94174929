package io.jobstream.system;

import java.util.List;
import java.util.stream.Collectors;

/** A request that cannot be accepted as it stands; each violation names its field. */
public class InvalidInputException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
