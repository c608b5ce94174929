package io.jobstream.jobtype;

import org.jspecify.annotations.Nullable;

/**
 * What a stage reports while it runs: how far it is through its own work (0-100; the engine
 * turns it into the job's percent), a line for people ({@code "parsing document 3/25"}) and,
 * for jobs over documents, their counts.
 */
public record StageProgress(
        int percent, String message, @Nullable DocumentCounts documents) {

    public StageProgress {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
        }
    }
}
