package io.jobstream.job;

/** An artifact of a job as the API lists it: name, media type, size and SHA-256 (lower-case hex). */
public record ArtifactInfo(String name, String contentType, long bytes, String sha256) {}
