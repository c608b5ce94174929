package io.jobstream.document;

import java.util.Locale;

/**
 * Where a document comes from, as the payload named it: an uploaded file (its id), a URL, or
 * inline content (its filename; the bytes stay in the payload).
 */
public record DocumentSource(Kind kind, String value) {

    public enum Kind {
        FILE,
        URL,
        INLINE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
