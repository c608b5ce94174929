package io.jobstream.document;

import io.jobstream.parsing.ParsedPage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Cuts a parsed document into {@link Chunk}s for search and LLMs. Pure: the same pages and
 * options give the same chunks, with no I/O, so a retry or a resume chunks alike.
 *
 * <p>The document's whole text is its pages' texts joined with a blank line
 * ({@link #documentText(List)}); every chunk's {@code charStart}/{@code charEnd} index into
 * it, so {@code documentText(pages).substring(charStart, charEnd)} is the chunk's text, and
 * its pages are those its first and last characters sit on. Chunk text is trimmed;
 * whitespace-only pieces (empty pages, blank sections) make no chunk. The heading of a chunk
 * is the last heading at or before its first character: for {@link ChunkingOptions.Strategy#BY_HEADING}
 * that is its section's heading.
 */
@Component
public class Chunker {

    /** The text chunk offsets index into: the pages' texts joined with a blank line. */
    public static String documentText(List<ParsedPage> pages) {
        return DocumentText.of(pages).text();
    }

    /** The chunks of document {@code documentIndex}, {@code chunkIndex} from 0 in the text's order. */
    public List<Chunk> chunk(int documentIndex, List<ParsedPage> pages, ChunkingOptions options) {
        DocumentText document = DocumentText.of(pages);
        SizeCutter cutter = new SizeCutter(document.text(), options.maxCharacters(), options.overlap());
        List<DocumentText.Range> stretches = switch (options.strategy()) {
            case BY_PAGE -> document.pages();
            case BY_SIZE -> List.of(new DocumentText.Range(0, document.text().length()));
            case BY_HEADING -> document.sections();
        };
        List<Chunk> chunks = new ArrayList<>();
        for (DocumentText.Range stretch : stretches) {
            for (DocumentText.Range piece : cutter.cut(stretch)) {
                chunks.add(chunkOf(document, documentIndex, chunks.size(), piece));
            }
        }
        return List.copyOf(chunks);
    }

    private static Chunk chunkOf(DocumentText document, int documentIndex, int chunkIndex, DocumentText.Range piece) {
        return new Chunk(
                documentIndex,
                chunkIndex,
                document.text().substring(piece.start(), piece.end()),
                document.pageAt(piece.start()),
                document.pageAt(piece.end() - 1),
                piece.start(),
                piece.end(),
                document.headingAt(piece.start()));
    }
}
