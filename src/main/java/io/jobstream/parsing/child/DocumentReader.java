package io.jobstream.parsing.child;

import io.jobstream.parsing.DocumentMetadata;
import io.jobstream.parsing.ExtractionMethod;
import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.ParseOptions;
import io.jobstream.parsing.ParsedDocument;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.parsing.child.ChildProtocol.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.jspecify.annotations.Nullable;

/**
 * Reads one document: detects its type from its bytes (the name and the client's type are
 * hints), then reads a PDF page by page with Tika and OCRs the pages the extraction method asks
 * for, OCRs an image as one page, and reads any other type Tika's parsers know as one page.
 */
final class DocumentReader {

    private static final MediaType PDF = MediaType.application("pdf");

    /** The image formats Tesseract (Leptonica) reads. */
    private static final Set<MediaType> IMAGES = Set.of(
            MediaType.image("png"),
            MediaType.image("jpeg"),
            MediaType.image("tiff"),
            MediaType.image("bmp"),
            MediaType.image("gif"),
            MediaType.image("webp"));

    private final TikaConfig tika = TikaConfig.getDefaultConfig();
    private final AutoDetectParser parser = new AutoDetectParser(tika);
    private final MediaTypeRegistry registry = tika.getMediaTypeRegistry();

    ParsedDocument read(Request request, Consumer<PageProgress> progress) {
        String filename = request.options().filename();
        TextBudget budget = new TextBudget(request.maxCharacters());
        try {
            return read(request, budget, progress);
        } catch (Exception e) {
            throw failure(filename, budget, e);
        }
    }

    private ParsedDocument read(Request request, TextBudget budget, Consumer<PageProgress> progress) throws Exception {
        ParseOptions options = request.options();
        Path file = Path.of(request.file());
        Metadata metadata = hints(options);
        MediaType type = detect(file, metadata);
        if (IMAGES.contains(type)) {
            return new ImageReading(request, type, budget, progress).read(file);
        }
        if (!type.equals(PDF) && !readable(type)) {
            throw new ParseFailure(
                    Reason.UNREADABLE, options.filename() + " is of a type no parser reads (" + type + ")");
        }
        int pageCount = type.equals(PDF) ? PdfPages.count(file) : 1;
        if (pageCount > request.maxPages()) {
            throw new ParseFailure(
                    Reason.TOO_LARGE,
                    options.filename() + " has " + pageCount + " pages, more than the " + request.maxPages()
                            + " allowed");
        }
        PageSelection selection = PageSelection.of(options, pageCount);
        PageCollector collector = new PageCollector(selection, budget, progress);
        ParseContext context = context(options);
        AssetWriter assets = null;
        if (options.extractAssets()) {
            assets = new AssetWriter(tika, new ParsingEmbeddedDocumentExtractor(context));
            context.set(EmbeddedDocumentExtractor.class, assets);
        }
        try {
            parse(file, metadata, collector, context);
            List<ParsedPage> pages = collector.pages();
            if (type.equals(PDF) && options.method() != ExtractionMethod.TEXT) {
                pages = new PdfOcr(request, budget, progress).apply(file, pages);
            }
            return new ParsedDocument(
                    describe(metadata, type, pageCount), pages, assets == null ? List.of() : assets.assets());
        } catch (Exception e) {
            if (assets != null) {
                assets.deleteAll();
            }
            throw e;
        }
    }

    private static Metadata hints(ParseOptions options) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, options.filename());
        if (options.contentType() != null) {
            // a hint for detection; and HTML without a declared charset takes the charset from here
            metadata.set(Metadata.CONTENT_TYPE, options.contentType());
        }
        return metadata;
    }

    private MediaType detect(Path file, Metadata metadata) throws IOException {
        try (TikaInputStream stream = TikaInputStream.get(file)) {
            return registry.normalize(parser.getDetector().detect(stream, metadata))
                    .getBaseType();
        }
    }

    /** Whether one of the parsers reads the type or one of its supertypes (Markdown is text/plain). */
    private boolean readable(MediaType type) {
        var parsers = parser.getParsers(new ParseContext());
        for (MediaType t = type; t != null; t = registry.getSupertype(t)) {
            if (parsers.containsKey(t)) {
                return true;
            }
        }
        return false;
    }

    private ParseContext context(ParseOptions options) {
        ParseContext context = new ParseContext();
        PDFParserConfig pdf = new PDFParserConfig();
        // OCR is ours to decide, page by page, as the job asks; Tika would OCR whatever it can
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(options.extractAssets());
        pdf.setExtractUniqueInlineImagesOnly(true);
        context.set(PDFParserConfig.class, pdf);
        OfficeParserConfig office = new OfficeParserConfig();
        // streamed, not loaded whole: the text cap then stops a DOCX or PPTX bomb before the heap does
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        context.set(OfficeParserConfig.class, office);
        // attachments (of an e-mail, say) are read with the same parsers
        context.set(Parser.class, parser);
        return context;
    }

    private void parse(Path file, Metadata metadata, PageCollector collector, ParseContext context) throws Exception {
        try (TikaInputStream stream = TikaInputStream.get(file)) {
            parser.parse(stream, collector, metadata, context);
        }
    }

    private static DocumentMetadata describe(Metadata metadata, MediaType type, int pages) {
        String[] authors = metadata.getValues(TikaCoreProperties.CREATOR);
        String language = metadata.get(TikaCoreProperties.LANGUAGE);
        if (language == null) {
            language = metadata.get("Content-Language");
        }
        return new DocumentMetadata(
                type.toString(),
                pages,
                blankToNull(metadata.get(TikaCoreProperties.TITLE)),
                authors.length == 0 ? null : blankToNull(String.join(", ", authors)),
                blankToNull(language));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ParseFailure failure(String filename, TextBudget budget, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseFailure failure) {
                return failure;
            }
            if (t instanceof EncryptedDocumentException || t instanceof InvalidPasswordException) {
                return new ParseFailure(Reason.UNREADABLE, filename + " is encrypted");
            }
            if (t instanceof WriteLimitReachedException) {
                return new ParseFailure(
                        Reason.TOO_LARGE, filename + " has more than " + budget.limit() + " characters of text");
            }
        }
        return new ParseFailure(Reason.UNREADABLE, filename + " is corrupt or unreadable: " + rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
