package io.jobstream.file;

import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

/**
 * The media type of a file from its first bytes (magic numbers), with the filename as a hint
 * where the bytes say nothing more specific; what the client claims is never asked. Tika's
 * detection reads {@link #HEAD} bytes at most and is pure computation on them, fine on any
 * thread.
 */
@Component
class ContentTypes {

    /** As many bytes as detection looks at: Tika's magic patterns sit well within 64 KB. */
    static final int HEAD = 64 * 1024;

    private final Tika tika = new Tika();

    String detect(byte[] head, String filename) {
        return tika.detect(head, filename);
    }
}
