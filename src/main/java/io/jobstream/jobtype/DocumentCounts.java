package io.jobstream.jobtype;

/** How far the documents of a job have come: {@code processed} succeeded, {@code failed} failed, of {@code total}. */
public record DocumentCounts(int total, int processed, int failed) {

    public DocumentCounts {
        if (total < 0 || processed < 0 || failed < 0 || processed + failed > total) {
            throw new IllegalArgumentException("counts must satisfy 0 <= processed + failed <= total: " + processed
                    + " + " + failed + " of " + total);
        }
    }
}
