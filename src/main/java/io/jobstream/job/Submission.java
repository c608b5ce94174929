package io.jobstream.job;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One job to submit, as a client asked for it: the type, its payload, and where to report
 * (if anywhere). Made from JSON by {@link SubmissionReader} only, or from a job to run again.
 */
public record Submission(
        String type, JsonNode payload, @Nullable Webhook webhook) {

    Submission(String type, JsonNode payload) {
        this(type, payload, null);
    }

    /** What {@code job} was submitted with: a rerun submits it again. */
    static Submission of(Job job) {
        return new Submission(job.type(), job.payload(), job.webhook());
    }
}
