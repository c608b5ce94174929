package io.jobstream.parsing.child;

import io.jobstream.parsing.ExtractionMethod;
import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseEvent.Phase;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.parsing.child.ChildProtocol.Request;
import io.jobstream.parsing.child.PdfPages.RenderedPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.tika.exception.WriteLimitReachedException;

/**
 * OCR of the pages of a PDF that the extraction method picks: every page for {@code OCR} and
 * {@code COMBINED}, the pages without a text layer for {@code AUTO}. Each page is rendered to a
 * grey PNG at 300 dpi and read by Tesseract; {@code OCR} keeps Tesseract's text, {@code
 * COMBINED} appends it to the text layer.
 */
final class PdfOcr {

    private final ExtractionMethod method;
    private final Tesseract tesseract;
    private final TextBudget budget;
    private final Consumer<PageProgress> progress;

    PdfOcr(Request request, TextBudget budget, Consumer<PageProgress> progress) {
        this.method = request.options().method();
        this.tesseract = new Tesseract(
                request.tesseract(),
                request.options().ocrLanguages(),
                request.options().filename());
        this.budget = budget;
        this.progress = progress;
    }

    List<ParsedPage> apply(Path file, List<ParsedPage> pages) throws Exception {
        long needed = pages.stream().filter(this::needsOcr).count();
        if (needed == 0) {
            return pages;
        }
        List<ParsedPage> result = new ArrayList<>(pages.size());
        int done = 0;
        try (PdfPages.Renderer renderer = PdfPages.open(file)) {
            for (ParsedPage page : pages) {
                if (needsOcr(page)) {
                    result.add(withOcr(page, read(renderer, page.number())));
                    progress.accept(new PageProgress(Phase.OCR, ++done, (int) needed));
                } else {
                    result.add(page);
                }
            }
        }
        return result;
    }

    private boolean needsOcr(ParsedPage page) {
        return switch (method) {
            case TEXT -> false;
            case OCR, COMBINED -> true;
            case AUTO -> page.text().isBlank();
        };
    }

    private String read(PdfPages.Renderer renderer, int number) throws Exception {
        RenderedPage rendered = renderer.render(number);
        try {
            String text = tesseract.read(rendered.png(), rendered.dpi(), "page " + number);
            budget.spend(text.length());
            return text;
        } finally {
            Files.deleteIfExists(rendered.png());
        }
    }

    private ParsedPage withOcr(ParsedPage page, String ocrText) throws WriteLimitReachedException {
        if (method == ExtractionMethod.COMBINED && !page.text().isBlank()) {
            // the headings keep pointing into the text layer, which comes first
            return new ParsedPage(page.number(), page.text() + "\n\n" + ocrText, true, page.headings());
        }
        return new ParsedPage(page.number(), ocrText, true, List.of());
    }
}
