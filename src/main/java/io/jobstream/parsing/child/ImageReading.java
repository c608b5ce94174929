package io.jobstream.parsing.child;

import io.jobstream.parsing.DocumentMetadata;
import io.jobstream.parsing.ExtractionMethod;
import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseEvent.Phase;
import io.jobstream.parsing.ParsedDocument;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.parsing.child.ChildProtocol.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.tika.mime.MediaType;

/** An image file is one page: read by Tesseract, unless the method is {@code TEXT} (then it is empty). */
final class ImageReading {

    private final Request request;
    private final MediaType type;
    private final TextBudget budget;
    private final Consumer<PageProgress> progress;

    ImageReading(Request request, MediaType type, TextBudget budget, Consumer<PageProgress> progress) {
        this.request = request;
        this.type = type;
        this.budget = budget;
        this.progress = progress;
    }

    ParsedDocument read(Path file) throws Exception {
        DocumentMetadata metadata = new DocumentMetadata(type.toString(), 1, null, null, null);
        if (!PageSelection.of(request.options(), 1).contains(1)) {
            return new ParsedDocument(metadata, List.of(), List.of());
        }
        ParsedPage page;
        if (request.options().method() == ExtractionMethod.TEXT) {
            page = new ParsedPage(1, "", false, List.of());
        } else {
            Tesseract tesseract = new Tesseract(
                    request.tesseract(),
                    request.options().ocrLanguages(),
                    request.options().filename());
            String text = tesseract.read(file, 0, "the image");
            budget.spend(text.length());
            page = new ParsedPage(1, text, true, List.of());
            progress.accept(new PageProgress(Phase.OCR, 1, 1));
        }
        progress.accept(new PageProgress(Phase.PARSING, 1, 1));
        return new ParsedDocument(metadata, List.of(page), List.of());
    }
}
