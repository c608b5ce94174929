package io.jobstream.job;

import java.util.Locale;

/** What happened to a job; the {@code event:} name on a stream. */
public enum EventKind {
    QUEUED,
    STARTED,
    PROGRESS,
    RETRYING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventKind fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
