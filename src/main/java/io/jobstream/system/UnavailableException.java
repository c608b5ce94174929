package io.jobstream.system;

/**
 * This deployment runs without something the request needs (a model it leaves out, a tool that
 * is not installed): asking again will not help until the operator changes that.
 * {@code capability} names it, e.g. {@code embeddings}, for the problem's type.
 */
public class UnavailableException extends RuntimeException {

    private final String capability;

    public UnavailableException(String capability, String message) {
        super(message);
        this.capability = capability;
    }

    public UnavailableException(String capability, String message, Throwable cause) {
        super(message, cause);
        this.capability = capability;
    }

    public String capability() {
        return capability;
    }
}
