package io.jobstream.progress;

import org.jspecify.annotations.Nullable;

/**
 * "The job type {@code name} was registered, changed or retired": heard on the listener
 * connection, from whichever instance changed it. {@link #ALL} (no name) means any type may
 * have changed: the listener has just (re)connected, and what was announced meanwhile is lost.
 */
public record JobTypeChange(@Nullable String name) {

    public static final JobTypeChange ALL = new JobTypeChange(null);
}
