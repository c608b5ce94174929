package io.jobstream.document;

import tools.jackson.databind.JsonNode;

/** What reading one document produced: see {@link JobDocument} for the shapes of metadata and pages. */
public record DocumentOutcome(JsonNode metadata, JsonNode pages, int chunkCount, String textKey) {}
