package io.jobstream.jobtype;

/**
 * A job type registered at run time: {@link #external()}, so this service's own workers never
 * start its jobs (workers elsewhere claim them), with its payload schema compiled when it was
 * registered. One definition of it, as it stood at one revision: a change is a new object.
 */
public interface RegisteredJobType extends JobType {

    /** The payload schema, compiled. */
    PayloadValidator payloadValidator();

    /** Retired: it takes no new jobs, but the jobs it has keep running under it. */
    boolean retired();

    @Override
    default boolean external() {
        return true;
    }
}
