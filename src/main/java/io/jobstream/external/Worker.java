package io.jobstream.external;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An external worker, from its token (scope {@code jobs:work}): its subject, and the job types
 * its {@code job_types} claim restricts it to (null: every external type). A worker sees only
 * jobs of the types it may work; any other job is, to it, a job that does not exist.
 */
public record Worker(String subject, @Nullable Set<String> jobTypes) {

    public Worker {
        jobTypes = jobTypes == null ? null : Set.copyOf(jobTypes);
    }

    /** Whether the worker may claim and report on jobs of {@code type}. */
    public boolean mayWork(String type) {
        return jobTypes == null || jobTypes.contains(type);
    }
}
