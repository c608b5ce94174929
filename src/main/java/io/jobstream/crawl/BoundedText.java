package io.jobstream.crawl;

/**
 * A URL for a user's regular expression to match, which gives up after a number of character
 * reads: {@code include} and {@code exclude} patterns come from payloads, and one made to
 * backtrack catastrophically would otherwise hold the thread that records visits for ever.
 */
final class BoundedText implements CharSequence {

    /** Far more reads than any sane pattern needs on a URL of at most 2,048 characters. */
    static final int MAX_READS = 1_000_000;

    private final String text;
    private final int[] reads;

    BoundedText(String text) {
        this(text, new int[1]);
    }

    private BoundedText(String text, int[] reads) {
        this.text = text;
        this.reads = reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads[0] > MAX_READS) {
            throw new TooSlow();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), reads);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The pattern read the text more often than {@link #MAX_READS}. */
    static final class TooSlow extends RuntimeException {

        TooSlow() {
            super("the pattern took too long to match", null, false, false);
        }
    }
}
