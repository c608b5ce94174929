package io.jobstream.job;

import tools.jackson.databind.JsonNode;

/** One job to submit, as a client asked for it: the type and its payload. */
public record Submission(String type, JsonNode payload) {}
