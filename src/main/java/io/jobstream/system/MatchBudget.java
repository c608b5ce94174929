package io.jobstream.system;

/**
 * What a regular expression from a user may spend matching: Java's patterns backtrack, and one
 * made to backtrack catastrophically ({@code ((a+)+)+c}) runs for minutes on a short text and
 * cannot be interrupted. A matcher reads every character through {@link CharSequence#charAt},
 * so text wrapped by {@link #charge} charges each read to the budget, which stops the match by
 * throwing. The one home of this trick, for every place that matches users' patterns.
 */
public interface MatchBudget {

    /** Called for each character a matcher reads; throws when the budget is spent. */
    void read();

    /** {@code text} whose every character read is charged to {@code budget}. */
    static CharSequence charge(CharSequence text, MatchBudget budget) {
        return new ChargedText(text, budget);
    }

    /** A budget of {@code max} character reads; past it, {@link Spent}. One match at a time may use it. */
    static MatchBudget reads(int max) {
        int[] reads = new int[1];
        return () -> {
            if (++reads[0] > max) {
                throw new Spent();
            }
        };
    }

    /** The budget of {@link #reads} is spent: the pattern took too long to match. */
    final class Spent extends RuntimeException {

        Spent() {
            super("the pattern took too long to match", null, false, false);
        }
    }
}
