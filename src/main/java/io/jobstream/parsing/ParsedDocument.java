package io.jobstream.parsing;

import java.util.List;

/** What the isolated parser read from one document: its metadata and its text, page by page. */
public record ParsedDocument(DocumentMetadata metadata, List<ParsedPage> pages, List<ExtractedAsset> assets) {

    public ParsedDocument {
        pages = List.copyOf(pages);
        assets = List.copyOf(assets);
    }
}
