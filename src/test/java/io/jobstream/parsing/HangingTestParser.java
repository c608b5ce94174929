package io.jobstream.parsing;

import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * A Tika parser, on the test class path only (which is the parser children's class path in
 * tests), that never returns and ignores interrupts: what a parser caught in a loop by a hostile
 * document does. It reads files named {@code *.hang} (test {@code custom-mimetypes.xml}).
 */
public class HangingTestParser implements Parser {

    static final MediaType TYPE = MediaType.application("x-jobstream-hang");

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(TYPE);
    }

    @Override
    @SuppressWarnings("InfiniteLoopStatement") // the point of this parser
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
