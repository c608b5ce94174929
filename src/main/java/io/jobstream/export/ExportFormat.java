package io.jobstream.export;

import java.util.Locale;

/** How an export writes its rows. */
enum ExportFormat {
    /** RFC 4180: a header line, then one line per row, fields quoted where they must be. */
    CSV("text/csv; charset=utf-8"),
    /** One JSON object per line. */
    JSONL("application/x-ndjson");

    private final String contentType;

    ExportFormat(String contentType) {
        this.contentType = contentType;
    }

    static ExportFormat of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    String contentType() {
        return contentType;
    }
}
