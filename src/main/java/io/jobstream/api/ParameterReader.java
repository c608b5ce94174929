package io.jobstream.api;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads query parameters and collects what is wrong with each, so that one 400 names every
 * bad parameter; {@link #check()} throws it.
 */
final class ParameterReader {

    private final ServerRequest request;
    private final List<Violation> violations = new ArrayList<>();

    ParameterReader(ServerRequest request) {
        this.request = request;
    }

    /** Parameters outside {@code known} are refused, so that a misspelt filter never silently lists everything. */
    ParameterReader onlyKnown(Set<String> known) {
        request.queryParams().keySet().stream()
                .filter(name -> !known.contains(name))
                .sorted()
                .forEach(name -> violations.add(new Violation(
                        name,
                        "is not a parameter here; known: "
                                + String.join(", ", known.stream().sorted().toList()))));
        return this;
    }

    Optional<String> text(String name) {
        Optional<String> value =
                request.queryParam(name).filter(raw -> !raw.isBlank()).map(String::trim);
        if (value.isPresent() && value.get().indexOf('\0') >= 0) {
            reject(name, "must not contain NUL characters");
            return Optional.empty();
        }
        return value;
    }

    int integer(String name, int defaultValue, int min, int max) {
        return parse(name, raw -> Integer.parseInt(raw), "a whole number")
                .filter(value -> inRange(name, value, min, max))
                .orElse(defaultValue);
    }

    /** {@code limit} of a page of log lines, events or deliveries: 100 unless given, at most 1000. */
    int pageLimit() {
        return integer("limit", 100, 1, 1000);
    }

    long number(String name, long defaultValue, long min) {
        return parse(name, Long::parseLong, "a whole number")
                .filter(value -> inRange(name, value, min, Long.MAX_VALUE))
                .orElse(defaultValue);
    }

    @Nullable
    UUID uuid(String name) {
        return parse(name, UUID::fromString, "a UUID").orElse(null);
    }

    /** ISO-8601 (with offset or Z) or Unix milliseconds, within the years 1 to 9999. */
    @Nullable
    Instant instant(String name) {
        return parse(name, ParameterReader::toInstant, "an ISO-8601 time or Unix milliseconds in the years 1 to 9999")
                .orElse(null);
    }

    <T> Optional<T> parse(String name, Function<String, T> parser, String expected) {
        Optional<String> raw = text(name);
        try {
            return raw.map(parser);
        } catch (RuntimeException e) {
            violations.add(new Violation(name, "must be " + expected + ", was '" + raw.orElse("") + "'"));
            return Optional.empty();
        }
    }

    void reject(String name, String message) {
        violations.add(new Violation(name, message));
    }

    void check() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private boolean inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            reject(name, max == Long.MAX_VALUE ? "must be at least " + min : "must be within " + min + ".." + max);
            return false;
        }
        return true;
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant toInstant(String raw) {
        Instant instant;
        if (raw.chars().allMatch(Character::isDigit)) {
            instant = Instant.ofEpochMilli(Long.parseLong(raw));
        } else {
            try {
                instant = Instant.parse(raw);
            } catch (DateTimeParseException e) {
                instant = OffsetDateTime.parse(raw).toInstant();
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("out of range: " + raw);
        }
        return instant;
    }
}
