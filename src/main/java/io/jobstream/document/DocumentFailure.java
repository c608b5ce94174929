package io.jobstream.document;

import io.jobstream.jobtype.ErrorCode;

/** One document of a job could not be used; it fails alone (unless the job asked to fail fast). */
public class DocumentFailure extends RuntimeException {

    private final ErrorCode code;

    public DocumentFailure(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
