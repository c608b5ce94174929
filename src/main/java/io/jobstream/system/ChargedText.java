package io.jobstream.system;

/** Text whose character reads are charged to a {@link MatchBudget}, its slices to the same one. */
final class ChargedText implements CharSequence {

    private final CharSequence text;
    private final MatchBudget budget;

    ChargedText(CharSequence text, MatchBudget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        budget.read();
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new ChargedText(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
