package io.jobstream.job;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statuses of a job. Which status may follow which is not written here but derived from
 * the one table of {@link Transition}s; the store builds its conditional UPDATEs from that
 * table too, and PostgreSQL CHECK constraints mirror it (V1).
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

    /** Whether some transition moves a job from this status to another, {@code target}. */
    public boolean canMoveTo(JobStatus target) {
        return target != this
                && Arrays.stream(Transition.values())
                        .anyMatch(transition ->
                                transition.to() == target && transition.from().contains(this));
    }

    /** No transition leaves it: the job has finished. */
    public boolean isTerminal() {
        return !Derived.ACTIVE.contains(this);
    }

    /** The statuses of jobs that have not finished. */
    public static Set<JobStatus> active() {
        return EnumSet.copyOf(Derived.ACTIVE);
    }

    /** What the transitions make of the statuses, worked out once, on first use (after both enums exist). */
    private static final class Derived {
        static final Set<JobStatus> ACTIVE = activeStatuses();

        private static Set<JobStatus> activeStatuses() {
            Set<JobStatus> active = EnumSet.noneOf(JobStatus.class);
            Arrays.stream(Transition.values()).forEach(transition -> active.addAll(transition.from()));
            return Collections.unmodifiableSet(active);
        }
    }

    /** The name in the API and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * {@code statuses} as a SQL list of literals ({@code 'queued', 'retrying'}), for a
     * statement whose plan must see them: one that reads a partial index over those statuses.
     */
    public static String sqlLiterals(Set<JobStatus> statuses) {
        return statuses.stream()
                .sorted()
                .map(status -> "'" + status.wireName() + "'")
                .collect(Collectors.joining(", "));
    }

    /** Wire names of {@code statuses}, for a {@code status = any(:…)} parameter. */
    public static String[] wireNames(Set<JobStatus> statuses) {
        return statuses.stream().sorted().map(JobStatus::wireName).toArray(String[]::new);
    }
}
