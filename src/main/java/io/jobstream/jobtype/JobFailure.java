package io.jobstream.jobtype;

/** A stage's way to fail its job with an error code; anything else thrown counts as {@code INTERNAL_ERROR}. */
public class JobFailure extends RuntimeException {

    private final ErrorCode code;
    private final boolean retryable;

    public JobFailure(ErrorCode code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
