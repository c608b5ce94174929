package io.jobstream.parsing.child;

import org.apache.tika.exception.WriteLimitReachedException;

/** The characters one document may produce, text layer and OCR together (Tika's write limit). */
final class TextBudget {

    private final int limit;
    private long used;

    TextBudget(int limit) {
        this.limit = limit;
    }

    void spend(int characters) throws WriteLimitReachedException {
        used += characters;
        if (used > limit) {
            throw new WriteLimitReachedException(limit);
        }
    }

    int limit() {
        return limit;
    }
}
