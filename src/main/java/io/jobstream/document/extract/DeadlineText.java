package io.jobstream.document.extract;

/**
 * Text that a {@link java.util.regex.Matcher} reads under a {@link Deadline}. Java's regular
 * expressions backtrack, and some patterns ({@code ((a+)+)+c}) take exponential time; a
 * matcher cannot be interrupted, but it reads every character through {@link #charAt}, which
 * here checks the deadline and throws when it has passed.
 */
final class DeadlineText implements CharSequence {

    private final CharSequence text;
    private final Deadline deadline;

    DeadlineText(CharSequence text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        deadline.read();
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineText(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
