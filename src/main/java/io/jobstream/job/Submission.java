package io.jobstream.job;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One job to submit, as a client asked for it: the type, its payload, and where to report (if anywhere). */
public record Submission(String type, JsonNode payload, @Nullable Webhook webhook) {

    public Submission(String type, JsonNode payload) {
        this(type, payload, null);
    }
}
