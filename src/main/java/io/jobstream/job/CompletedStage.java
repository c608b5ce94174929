package io.jobstream.job;

import tools.jackson.databind.JsonNode;

/** A stage an attempt of the job finished: its name and its output (its checkpoint). */
public record CompletedStage(String name, JsonNode output) {}
