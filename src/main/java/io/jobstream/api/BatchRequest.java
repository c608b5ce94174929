package io.jobstream.api;

import io.jobstream.job.Submission;
import io.jobstream.job.SubmissionJson;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The JSON of {@code POST /api/jobs/batch}: {@code batch_name} and up to {@code max} jobs. */
record BatchRequest(@Nullable String batchName, List<Submission> jobs) {

    private static final Set<String> FIELDS = Set.of("batch_name", "jobs");

    static BatchRequest parse(JsonNode body, int max) {
        if (!body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object");
        }
        List<Violation> violations = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(name, "is not a field of a batch; known: batch_name, jobs"));
            }
        }
        JsonNode name = body.path("batch_name");
        if (!name.isMissingNode() && !name.isNull() && !name.isString()) {
            violations.add(new Violation("batch_name", "must be a string"));
        } else if (name.isString() && (name.stringValue().length() > 200 || name.stringValue().indexOf('\0') >= 0)) {
            violations.add(new Violation("batch_name", "must be at most 200 characters, without NUL"));
        }
        JsonNode jobs = body.path("jobs");
        List<Submission> submissions = new ArrayList<>();
        if (!jobs.isArray() || jobs.isEmpty()) {
            violations.add(new Violation("jobs", "must be a non-empty array of job submissions"));
        } else if (jobs.size() > max) {
            violations.add(new Violation("jobs", "must hold at most " + max + " jobs, had " + jobs.size()));
        } else {
            for (int index = 0; index < jobs.size(); index++) {
                submissions.add(SubmissionJson.read(jobs.get(index), "jobs[" + index + "].", Set.of(), violations));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new BatchRequest(name.isString() ? name.stringValue() : null, submissions);
    }
}
