package io.jobstream.document;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What reading one document produced: its metadata and pages (see {@link JobDocument} for
 * their shapes) and where the parser's pages are stored for the chunking stage (none for a
 * document whose text is not read, such as a PDF that is split).
 */
public record DocumentOutcome(
        JsonNode metadata, JsonNode pages, @Nullable String textKey) {}
