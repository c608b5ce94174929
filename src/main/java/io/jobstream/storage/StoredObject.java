package io.jobstream.storage;

/** What {@link Storage#put} kept: its key, its size and the SHA-256 of its bytes (lower-case hex). */
public record StoredObject(String key, long bytes, String sha256) {}
