package io.jobstream.jobtype;

/** Why a job failed: stable codes that clients switch on ({@code error_code} in the API). */
public enum ErrorCode {
    TIMEOUT,
    PARSE_ERROR,
    VALIDATION_ERROR,
    QUOTA_EXCEEDED,
    INTERNAL_ERROR,
    /** Tesseract is missing or could not read a page. */
    OCR_ERROR,
    /** A document named by URL could not be fetched: refused address, HTTP error, too large, too slow. */
    FETCH_ERROR
}
