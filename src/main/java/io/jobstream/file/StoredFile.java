package io.jobstream.file;

import java.time.Instant;
import java.util.UUID;

/** An uploaded file: its row. Its bytes are in storage under {@code storageKey} ({@link FileService#content}). */
public record StoredFile(
        UUID id,
        String owner,
        String filename,
        String contentType,
        long bytes,
        String sha256,
        String storageKey,
        Instant createdAt) {}
