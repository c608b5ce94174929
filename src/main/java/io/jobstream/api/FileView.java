package io.jobstream.api;

import io.jobstream.file.StoredFile;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A file as the API shows it: where its bytes are stored and who owns it stay inside. */
record FileView(UUID id, String filename, String contentType, long bytes, String sha256, Instant createdAt) {

    static FileView of(StoredFile file) {
        return new FileView(
                file.id(), file.filename(), file.contentType(), file.bytes(), file.sha256(), file.createdAt());
    }

    /** The answer to an upload: the same shape for one file or many, multipart or raw. */
    record Uploaded(List<FileView> files) {

        static Uploaded of(List<StoredFile> files) {
            return new Uploaded(files.stream().map(FileView::of).toList());
        }
    }
}
