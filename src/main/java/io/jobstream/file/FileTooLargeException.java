package io.jobstream.file;

import io.jobstream.system.ContentTooLargeException;
import org.springframework.util.unit.DataSize;

/** A file passed {@code jobstream.files.max-bytes} while it streamed in; nothing of it is kept. */
public class FileTooLargeException extends ContentTooLargeException {

    FileTooLargeException(String filename, DataSize limit) {
        super("file", "'" + filename + "' is larger than the limit of " + limit.toBytes() + " bytes");
    }
}
