package io.jobstream.jobtype;

import java.util.List;
import java.util.Optional;

/**
 * The job types registered at run time ({@code PUT /api/job-types/{name}}), whose stages run
 * in workers outside this service. A port: {@link JobTypes} consults it beside the built-in
 * types, and the feature that stores registrations implements it, so that this package
 * depends on no store. Answers come from memory (a snapshot every instance keeps current),
 * never from a query: {@link JobTypes#validate} is on the submit path of every door.
 */
public interface RegisteredJobTypes {

    /** No registered types: for a {@link JobTypes} of built-in types only (unit tests). */
    RegisteredJobTypes NONE = new RegisteredJobTypes() {
        @Override
        public Optional<RegisteredJobType> find(String name) {
            return Optional.empty();
        }

        @Override
        public List<RegisteredJobType> inForce() {
            return List.of();
        }
    };

    /**
     * The registered type of that name, in force or retired (the jobs it already has still
     * need its stages, time limits and retry policy); empty for a name never registered.
     */
    Optional<RegisteredJobType> find(String name);

    /** The registered types that take new jobs (not retired), by name. */
    List<RegisteredJobType> inForce();
}
