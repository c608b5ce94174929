package io.jobstream.job;

import io.jobstream.system.NotFoundException;
import java.util.UUID;

/** No such job for this caller: missing and not-yours look the same, so existence never leaks. */
public class JobNotFoundException extends NotFoundException {

    private JobNotFoundException(UUID id) {
        super("No job " + id);
    }

    public static JobNotFoundException of(UUID id) {
        return new JobNotFoundException(id);
    }
}
