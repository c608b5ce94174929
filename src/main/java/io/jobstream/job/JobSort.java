package io.jobstream.job;

import java.util.Locale;

/** The orders a list may take; ties are broken by id, so every order is total. */
public enum JobSort {
    CREATED_AT("created_at", "timestamptz"),
    UPDATED_AT("updated_at", "timestamptz"),
    /** Unfinished jobs sort as if they finished at the end of time. */
    COMPLETED_AT("coalesce(completed_at, 'infinity'::timestamptz)", "timestamptz"),
    STATUS("status", "text"),
    TYPE("type", "text");

    final String expression;
    final String sqlType;

    JobSort(String expression, String sqlType) {
        this.expression = expression;
        this.sqlType = sqlType;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
