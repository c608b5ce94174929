package io.jobstream.document.extract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Dates as documents write them: {@code 2026-01-31} (also with {@code /} or {@code .}),
 * {@code 31/01/2026} or {@code 01/31/2026} (also with {@code .} or {@code -}, and two-digit
 * years, read as 20xx; which number is the day is the {@link DateFormat}'s choice),
 * {@code January 31, 2026}, {@code Jan. 31 2026}, {@code 31 Jan 2026}, {@code 31-Jan-2026},
 * {@code 31st of January 2026}. Month names are English. A date that does not exist
 * ({@code 31/02/2026}) is not a date.
 */
final class Dates {

    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october"
            + "|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
    private static final Pattern DATE = Pattern.compile(
            String.join(
                    "|",
                    "(?<![\\p{N}])(?<iy>\\d{4})[-/.](?<im>\\d{1,2})[-/.](?<id>\\d{1,2})(?![\\p{N}])",
                    "(?<![\\p{N}])(?<a>\\d{1,2})(?<sep>[/.\\-])(?<b>\\d{1,2})\\k<sep>(?<ny>\\d{4}|\\d{2})(?![\\p{N}])",
                    "(?<![\\p{L}])(?<mm>" + MONTHS + ")\\.?\\s+(?<md>\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?<my>\\d{4})"
                            + "(?![\\p{N}])",
                    "(?<![\\p{N}])(?<dd>\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?[\\s\\-]+(?<dm>" + MONTHS
                            + ")\\.?,?[\\s\\-]+(?<dy>\\d{4})(?![\\p{N}])"),
            Pattern.CASE_INSENSITIVE);

    private static final String MONTH_PREFIXES = "janfebmaraprmayjunjulaugsepoctnovdec";

    private Dates() {}

    /** The first date in {@code text}, or null. */
    static @Nullable LocalDate first(String text, DateFormat format) {
        Matcher matcher = DATE.matcher(text);
        while (matcher.find()) {
            LocalDate date = date(matcher, format);
            if (date != null) {
                return date;
            }
        }
        return null;
    }

    private static @Nullable LocalDate date(Matcher matcher, DateFormat format) {
        try {
            if (matcher.group("iy") != null) {
                return LocalDate.of(number(matcher, "iy"), number(matcher, "im"), number(matcher, "id"));
            }
            if (matcher.group("a") != null) {
                return numeric(number(matcher, "a"), number(matcher, "b"), year(matcher.group("ny")), format);
            }
            if (matcher.group("mm") != null) {
                return LocalDate.of(number(matcher, "my"), month(matcher.group("mm")), number(matcher, "md"));
            }
            return LocalDate.of(number(matcher, "dy"), month(matcher.group("dm")), number(matcher, "dd"));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate numeric(int first, int second, int year, DateFormat format) {
        boolean monthFirst = switch (format) {
            case MONTH_FIRST -> true;
            case DAY_FIRST -> false;
            case AUTO -> first <= 12 && second > 12;
        };
        return monthFirst ? LocalDate.of(year, first, second) : LocalDate.of(year, second, first);
    }

    private static int year(String digits) {
        int year = Integer.parseInt(digits);
        return digits.length() == 2 ? 2000 + year : year;
    }

    private static int number(Matcher matcher, String group) {
        return Integer.parseInt(matcher.group(group));
    }

    private static int month(String name) {
        return MONTH_PREFIXES.indexOf(name.substring(0, 3).toLowerCase(Locale.ROOT)) / 3 + 1;
    }
}
