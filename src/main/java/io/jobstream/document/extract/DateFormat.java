package io.jobstream.document.extract;

import java.util.Arrays;
import java.util.List;

/**
 * How an all-numeric date such as {@code 01/02/2026} is read: day first or month first. Dates
 * with a four-digit year first, or a month name, need no such choice; neither does a date whose
 * first or second number is above 12.
 */
enum DateFormat {
    /** Day first, unless the first number cannot be a month's day but the second can ({@code 01/31/2026}). */
    AUTO("auto"),
    DAY_FIRST("dd/mm/yyyy"),
    MONTH_FIRST("mm/dd/yyyy");

    private final String wireName;

    DateFormat(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static DateFormat fromWireName(String name) {
        return Arrays.stream(values())
                .filter(format -> format.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no date format " + name));
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(DateFormat::wireName).toList();
    }
}
