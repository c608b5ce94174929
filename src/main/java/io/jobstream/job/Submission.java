package io.jobstream.job;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One job to submit, as a client asked for it: the type, its payload, where to report (if
 * anywhere) and when it may start. Made from JSON by {@link SubmissionReader} only, or from a
 * job to run again.
 */
public record Submission(
        String type, JsonNode payload, @Nullable Webhook webhook, Schedule schedule) {

    Submission(String type, JsonNode payload) {
        this(type, payload, null, Schedule.NOW);
    }

    /** What {@code job} was submitted with: a rerun submits it again, to start at once. */
    static Submission of(Job job) {
        return new Submission(job.type(), job.payload(), job.webhook(), Schedule.NOW);
    }

    /** This submission, with {@code fallback} as its schedule if it has none (a batch's schedule). */
    Submission scheduledOr(Schedule fallback) {
        return new Submission(type, payload, webhook, schedule.or(fallback));
    }
}
