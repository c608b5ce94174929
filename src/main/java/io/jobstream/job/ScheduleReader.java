package io.jobstream.job;

import io.jobstream.system.Durations;
import io.jobstream.system.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads when a submission may start: {@code run_at}, an ISO-8601 time with its offset
 * ({@code 2026-12-24T18:00:00Z}, {@code 2026-12-24T19:00:00+01:00}), or {@code delay}, a
 * duration from when the job is stored ({@code 30s}, {@code 5m}, {@code PT30S}; {@link
 * Durations}); not both. A {@code run_at} in the past is not refused: it starts at once, as a
 * producer whose clock runs a little ahead, or a Kafka record that waited in its topic, expects.
 * Neither may lie beyond {@code maxDelay} ahead ({@code jobstream.submissions.max-delay}).
 */
final class ScheduleReader {

    private final Duration maxDelay;
    private final Clock clock;

    ScheduleReader(Duration maxDelay, Clock clock) {
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** The schedule of the object {@code body} at {@code path} ({@code ""}, {@code "jobs[1]."}); violations named by field. */
    Schedule read(JsonNode body, String path, List<Violation> violations) {
        JsonNode runAt = body.path("run_at");
        JsonNode delay = body.path("delay");
        boolean hasRunAt = !runAt.isMissingNode() && !runAt.isNull();
        boolean hasDelay = !delay.isMissingNode() && !delay.isNull();
        if (hasRunAt && hasDelay) {
            violations.add(new Violation(path + "delay", "run_at and delay exclude each other; send one of them"));
            return Schedule.NOW;
        }
        if (hasRunAt) {
            return at(runAt, path + "run_at", violations);
        }
        if (hasDelay) {
            return after(delay, path + "delay", violations);
        }
        return Schedule.NOW;
    }

    private Schedule at(JsonNode value, String field, List<Violation> violations) {
        Instant at;
        try {
            at = OffsetDateTime.parse(value.isString() ? value.stringValue() : "")
                    .toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(
                    field, "must be an ISO-8601 time with an offset, such as 2026-12-24T18:00:00Z, was " + value));
            return Schedule.NOW;
        }
        if (at.isAfter(clock.instant().plus(maxDelay))) {
            violations.add(new Violation(field, "must be at most " + spelled(maxDelay) + " from now"));
            return Schedule.NOW;
        }
        return new Schedule(at, null);
    }

    private Schedule after(JsonNode value, String field, List<Violation> violations) {
        Duration delay;
        try {
            if (!value.isString()) {
                throw new IllegalArgumentException(
                        "must be a duration such as 30s, 5m, 1h30m, 500ms or ISO-8601 PT30S, was " + value);
            }
            delay = Durations.parse(value.stringValue());
        } catch (IllegalArgumentException | ArithmeticException e) {
            violations.add(new Violation(field, String.valueOf(e.getMessage())));
            return Schedule.NOW;
        }
        if (delay.isNegative()) {
            violations.add(new Violation(field, "must not be negative"));
            return Schedule.NOW;
        }
        if (delay.compareTo(maxDelay) > 0) {
            violations.add(new Violation(field, "must be at most " + spelled(maxDelay)));
            return Schedule.NOW;
        }
        return new Schedule(null, delay);
    }

    /** {@code 30d}, {@code 12h}, {@code 90s}: as the property is written, not {@code PT720H}. */
    private static String spelled(Duration duration) {
        if (duration.toMillis() % Duration.ofDays(1).toMillis() == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toMillis() % Duration.ofHours(1).toMillis() == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }
}
