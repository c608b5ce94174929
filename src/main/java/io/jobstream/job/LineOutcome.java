package io.jobstream.job;

import io.jobstream.system.Violation;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What became of one {@link SubmissionLine}: its job ({@code jobId}) unless it was refused,
 * and the reasons it was refused, each naming its field as {@code POST /api/jobs} would.
 */
public record LineOutcome(int number, Kind kind, @Nullable UUID jobId, List<Violation> violations) {

    public LineOutcome {
        violations = List.copyOf(violations);
    }

    static LineOutcome refused(int number, List<Violation> violations) {
        return new LineOutcome(number, Kind.REFUSED, null, violations);
    }

    /** How a line ended. */
    public enum Kind {
        /** Its job is in the batch, at the line's place: stored now or by an earlier run of the same import. */
        CREATED,
        /** Its idempotency key names a job stored before, elsewhere (another line, another import): not stored again. */
        EXISTING,
        /** Not stored: see the violations. */
        REFUSED
    }
}
