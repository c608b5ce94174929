package io.jobstream.file;

/**
 * The name a file is kept under: the client's, made harmless for the places it shows up again
 * (a {@code Content-Disposition}, a ZIP entry, a log line). Paths are dropped (a browser on
 * Windows sends {@code C:\\Users\\...}, a hostile client {@code ../../etc/passwd}), control
 * characters removed, and the rest cut to {@value #MAX_LENGTH} characters without splitting
 * a character.
 */
final class Filenames {

    static final int MAX_LENGTH = 255;
    /** What a file is called when the client gave no usable name. */
    static final String UNNAMED = "file";

    private Filenames() {}

    static String clean(String raw) {
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder(Math.min(name.length(), MAX_LENGTH));
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (!printable(c)) {
                continue;
            }
            if (kept.length() + Character.charCount(c) > MAX_LENGTH) {
                break;
            }
            kept.appendCodePoint(c);
        }
        String cleaned = kept.toString().strip();
        return cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..") ? UNNAMED : cleaned;
    }

    /** Neither a control character (C0, DEL, C1) nor a line or paragraph separator, nor a bidi override. */
    private static boolean printable(int c) {
        int type = Character.getType(c);
        return !Character.isISOControl(c)
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.FORMAT;
    }
}
