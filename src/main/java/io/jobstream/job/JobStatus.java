package io.jobstream.job;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a job. {@link #canMoveTo} is the one transition function; the store
 * derives its conditional UPDATEs from it and PostgreSQL CHECK constraints mirror it.
 */
public enum JobStatus {
    /** Stored and waiting for a worker; a worker's claim or a cancel moves it on. */
    QUEUED,
    /** Claimed by one instance, which runs its stages under a lease and moves it on. */
    PROCESSING,
    /** Failed with a retryable error and waits for its next attempt; a worker's claim or a cancel moves it on. */
    RETRYING,
    /** Finished with a result. Terminal. */
    COMPLETED,
    /** Finished with an error code. Terminal. */
    FAILED,
    /** Stopped on request. Terminal. */
    CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            QUEUED, EnumSet.of(PROCESSING, CANCELLED),
            PROCESSING, EnumSet.of(COMPLETED, FAILED, RETRYING, CANCELLED, QUEUED),
            RETRYING, EnumSet.of(PROCESSING, CANCELLED),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    public boolean canMoveTo(JobStatus target) {
        return NEXT.get(this).contains(target);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** Every status a job may be in to move to {@code target}: the WHERE clause of a transition. */
    static String[] sourcesOf(JobStatus target) {
        return Arrays.stream(values())
                .filter(status -> status.canMoveTo(target))
                .map(JobStatus::wireName)
                .toArray(String[]::new);
    }

    /** The name in the API and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
