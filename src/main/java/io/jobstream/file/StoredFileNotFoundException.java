package io.jobstream.file;

import io.jobstream.system.NotFoundException;
import java.util.UUID;

/** No such file for this caller: missing and not-yours look the same, so existence never leaks. */
public class StoredFileNotFoundException extends NotFoundException {

    StoredFileNotFoundException(UUID id) {
        super("No file " + id);
    }
}
