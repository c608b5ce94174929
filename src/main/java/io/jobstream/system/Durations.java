package io.jobstream.system;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as clients write them in request bodies: ISO-8601 ({@code PT30S}, {@code P1D}), or
 * a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}), also
 * several in a row ({@code 1h30m}), as in the service's own configuration. The one parser for
 * them, so that every field that takes a duration takes the same spellings.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern SIMPLE = Pattern.compile("(?:" + PART.pattern() + ")+");

    private Durations() {}

    /**
     * {@code text} as a duration.
     *
     * @throws IllegalArgumentException saying which spellings there are, if it is neither
     */
    public static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (SIMPLE.matcher(trimmed).matches()) {
            return simple(trimmed);
        }
        if (trimmed.startsWith("p") || trimmed.startsWith("-p")) {
            try {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // fall through to the one message for every spelling
            }
        }
        throw new IllegalArgumentException(
                "must be a duration such as 30s, 5m, 1h30m, 500ms or ISO-8601 PT30S, was '" + text + "'");
    }

    private static Duration simple(String text) {
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
        }
        return total;
    }
}
