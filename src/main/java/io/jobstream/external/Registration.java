package io.jobstream.external;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code job_type_registrations}. */
record Registration(
        String name,
        JsonNode definition,
        long revision,
        String registeredBy,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant retiredAt) {

    /** Only an insert leaves revision 1: every change adds one. */
    boolean created() {
        return revision == 1;
    }
}
