package io.jobstream.document;

/**
 * A document's bytes, in storage under {@code storageKey}, with what is known of them before
 * parsing: a file name, the type they came with (a hint), size and SHA-256.
 */
public record StagedInput(String storageKey, String filename, String contentType, long bytes, String sha256) {}
