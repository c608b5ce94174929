package io.jobstream.parsing;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * A Tika parser, on the test class path only, that allocates until the heap is gone, as a
 * parser unpacking a bomb would. It reads files named {@code *.hog} (test {@code custom-mimetypes.xml}).
 */
public class MemoryHogTestParser implements Parser {

    static final MediaType TYPE = MediaType.application("x-jobstream-hog");

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(TYPE);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) {
        List<long[]> hoard = new ArrayList<>();
        while (hoard.size() >= 0) {
            hoard.add(new long[1 << 20]);
        }
    }
}
