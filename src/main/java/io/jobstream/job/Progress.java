package io.jobstream.job;

import org.jspecify.annotations.Nullable;

/** How far a job has come: overall percent, the current stage, and a line for people. */
public record Progress(
        int percent, @Nullable String stage, @Nullable String message) {

    /** The event log keeps messages short so that every notification stays small. */
    static final int MAX_MESSAGE_LENGTH = 2000;

    public Progress {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
        }
        message = truncate(message);
    }

    static @Nullable String truncate(@Nullable String text) {
        return text == null || text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH);
    }
}
