package io.jobstream.importing;

import io.jobstream.system.Violation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A line the import did not create a job for: its number, the reasons (each naming its field
 * as {@code POST /api/jobs} would, or {@code line} for a line that is no submission at all),
 * and the line as it was (null for a line too long to keep), so that it can be fixed and
 * imported again.
 */
record RefusedLine(
        int line, List<Violation> errors, @Nullable String content) {

    RefusedLine {
        errors = List.copyOf(errors);
    }

    RefusedLine withoutContent() {
        return new RefusedLine(line, errors, null);
    }
}
