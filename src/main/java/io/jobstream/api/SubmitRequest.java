package io.jobstream.api;

import io.jobstream.job.Submission;
import io.jobstream.job.SubmissionJson;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/jobs}: one submission and nothing else. */
final class SubmitRequest {

    private SubmitRequest() {}

    static Submission parse(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        Submission submission = SubmissionJson.read(body, "", Set.of(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return submission;
    }
}
