package io.jobstream.system;

/**
 * One thing wrong with a request: the field or parameter (a JSON path such as
 * {@code payload.stages}) and what is wrong with it, in words a client can show.
 */
public record Violation(String field, String message) {}
