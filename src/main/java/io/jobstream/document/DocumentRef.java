package io.jobstream.document;

import java.net.URI;
import java.util.UUID;

/** A document as a payload names it: an uploaded file, a URL, or small inline content. */
public sealed interface DocumentRef {

    /** Where the job's documents list says it came from. */
    DocumentSource source();

    record FileRef(UUID fileId) implements DocumentRef {
        @Override
        public DocumentSource source() {
            return new DocumentSource(DocumentSource.Kind.FILE, fileId.toString());
        }
    }

    record UrlRef(URI url) implements DocumentRef {
        @Override
        public DocumentSource source() {
            return new DocumentSource(DocumentSource.Kind.URL, url.toString());
        }
    }

    /** Content in the payload, base64; decoded when the job stages it, checked for size at submit. */
    record InlineRef(String filename, String base64) implements DocumentRef {
        @Override
        public DocumentSource source() {
            return new DocumentSource(DocumentSource.Kind.INLINE, filename);
        }
    }
}
