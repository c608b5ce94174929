package io.jobstream.job;

import java.util.Locale;

/**
 * The orders a list may take; ties are broken by id, so every order is total. A cursor
 * carries the last row's key: for times, exact epoch microseconds (independent of the
 * session's date style and time zone); for text, the text.
 */
public enum JobSort {
    CREATED_AT("created_at", true),
    UPDATED_AT("updated_at", true),
    /** Unfinished jobs sort as if they finished at the end of the calendar. */
    COMPLETED_AT("coalesce(completed_at, '9999-12-31T00:00:00Z'::timestamptz)", true),
    STATUS("status", false),
    TYPE("type", false);

    final String expression;
    final boolean time;

    JobSort(String expression, boolean time) {
        this.expression = expression;
        this.time = time;
    }

    /** SQL for the key of a row, as text. */
    String keySelect() {
        return time ? "(extract(epoch from " + expression + ") * 1000000)::bigint::text" : expression;
    }

    /** SQL for a cursor's key ({@code :after_key}), comparable with {@link #expression}. */
    String keyValue() {
        return time ? "(timestamptz 'epoch' + cast(:after_key as bigint) * interval '1 microsecond')" : ":after_key";
    }

    /** Whether {@code key} can be a key of this order; a forged cursor must not reach SQL. */
    boolean accepts(String key) {
        if (time) {
            return key.matches("-?\\d{1,18}");
        }
        return key.indexOf('\0') < 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
