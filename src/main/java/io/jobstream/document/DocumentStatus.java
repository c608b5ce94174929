package io.jobstream.document;

import java.util.Locale;

/** Where one document of a job stands; {@code job_documents.status} holds the wire name. */
public enum DocumentStatus {
    /** Named by the job and not started yet, or stopped before it ended (a cancel, a time limit). */
    QUEUED,
    /** A worker is reading it. */
    PROCESSING,
    /** Read; its outputs are kept. Final: a retry of the job skips it. */
    COMPLETED,
    /** Could not be read; {@code error_code} says why. Final: a retry skips it. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DocumentStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
