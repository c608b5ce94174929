package io.jobstream.jobtype;

import org.jspecify.annotations.Nullable;

/**
 * What a stage reports while it runs: how far it is through its own work (0-100; the engine
 * turns it into the job's percent), a line for people ({@code "parsing document 3/25"}) and,
 * for jobs over documents, their counts. {@code phase}, when set, is shown as the job's stage
 * instead of the stage's own name: a step inside a stage that people look for by name (the
 * {@code ocr} of parsing).
 */
public record StageProgress(
        int percent,
        String message,
        @Nullable DocumentCounts documents,
        @Nullable String phase) {

    public StageProgress {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
        }
    }

    public StageProgress(int percent, String message, @Nullable DocumentCounts documents) {
        this(percent, message, documents, null);
    }
}
