package io.jobstream.job;

/**
 * Who is asking: the token's subject, and whether it holds the admin scope, which sees and
 * manages every user's jobs. Everyone else sees only the jobs they own.
 */
public record Caller(String subject, boolean admin) {

    public static Caller user(String subject) {
        return new Caller(subject, false);
    }

    boolean mayAccess(String owner) {
        return admin || subject.equals(owner);
    }
}
