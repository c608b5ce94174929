package io.jobstream.document;

import tools.jackson.databind.JsonNode;

/**
 * What reading one document produced: its metadata and pages (see {@link JobDocument} for
 * their shapes) and where the parser's pages are stored for the chunking stage.
 */
public record DocumentOutcome(JsonNode metadata, JsonNode pages, String textKey) {}
