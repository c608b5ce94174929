/**
 * Uploaded files: their rows (who owns each, its name, detected type, size and SHA-256) and
 * their bytes in {@link io.jobstream.storage.Storage}. {@link io.jobstream.file.FileService}
 * is the face for the API and for job types that read files; a file of another owner is
 * reported exactly like a missing one.
 */
@NullMarked
package io.jobstream.file;

import org.jspecify.annotations.NullMarked;
