package io.jobstream.parsing.child;

import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.SplitPart;
import io.jobstream.parsing.SplitPlan;
import io.jobstream.parsing.SplitPlan.PageSpan;
import io.jobstream.parsing.SplitPlanRejected;
import io.jobstream.parsing.SplitResult;
import io.jobstream.parsing.child.ChildProtocol.SplitReply;
import io.jobstream.parsing.child.ChildProtocol.SplitRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.multipdf.Splitter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.jspecify.annotations.Nullable;

/**
 * Cuts one PDF into parts with PDFBox, one part at a time: it writes a part, says so, and waits
 * for the service to have kept it before it writes the next. An encrypted PDF (any password,
 * the owner's alone included: splitting would drop its restrictions) or one PDFBox cannot load
 * fails; a plan the document does not fit (a range past its end, no bookmarks) is refused.
 */
final class PdfSplitter {

    /** Top-level bookmarks read at most: an outline made to be endless (or to loop) ends here. */
    private static final int MAX_BOOKMARKS = 100_000;

    /** Waits for the service's word to write the next part; false once the service is gone. */
    interface Acknowledgements {
        boolean next() throws IOException;
    }

    /** Splits as asked, sending every reply; returns early, with no last reply, if the service went away. */
    void split(SplitRequest request, Consumer<Object> replies, Acknowledgements acknowledgements) {
        String filename = request.filename();
        SplitReply last;
        try {
            last = SplitReply.split(cut(request, replies, acknowledgements));
        } catch (ServiceGone gone) {
            return;
        } catch (SplitPlanRejected refused) {
            last = SplitReply.refused(refused.getMessage());
        } catch (ParseFailure failure) {
            last = SplitReply.failed(failure.reason(), failure.getMessage());
        } catch (InvalidPasswordException e) {
            last = SplitReply.failed(Reason.UNREADABLE, filename + " is encrypted");
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // a corrupt file, or one made to trip PDFBox: it fails, the child goes on
            last = SplitReply.failed(Reason.UNREADABLE, filename + " is corrupt or unreadable: " + e.getMessage());
        }
        replies.accept(last);
    }

    private SplitResult cut(SplitRequest request, Consumer<Object> replies, Acknowledgements acknowledgements)
            throws IOException {
        String filename = request.filename();
        try (PDDocument pdf =
                Loader.loadPDF(Path.of(request.file()).toFile(), IOUtils.createTempFileOnlyStreamCache())) {
            if (pdf.isEncrypted()) {
                throw new ParseFailure(Reason.UNREADABLE, filename + " is encrypted");
            }
            int pages = pdf.getNumberOfPages();
            if (pages > request.maxPages()) {
                throw new ParseFailure(
                        Reason.TOO_LARGE,
                        filename + " has " + pages + " pages, more than the " + request.maxPages() + " allowed");
            }
            if (pages == 0) {
                throw new ParseFailure(Reason.UNREADABLE, filename + " has no pages");
            }
            List<Span> spans = spans(request, pdf, pages);
            List<SplitPart> parts = new ArrayList<>();
            for (int i = 0; i < spans.size(); i++) {
                SplitPart part = write(pdf, i + 1, spans.get(i), Path.of(request.outDir()));
                parts.add(part);
                replies.accept(SplitReply.part(part, spans.size()));
                if (!acknowledgements.next()) {
                    throw new ServiceGone();
                }
            }
            return new SplitResult(pages, parts);
        }
    }

    private static List<Span> spans(SplitRequest request, PDDocument pdf, int pages) throws IOException {
        SplitPlan plan = request.plan();
        return switch (plan.mode()) {
            case EVERY_N_PAGES -> every(plan.everyNPages(), pages);
            case RANGES -> ranges(plan.ranges(), pages, request.filename());
            case BY_BOOKMARKS -> bookmarks(pdf, pages, request.filename());
        };
    }

    private static List<Span> every(int size, int pages) {
        List<Span> spans = new ArrayList<>();
        for (int first = 1; first <= pages; first += size) {
            spans.add(new Span(new PageSpan(first, Math.min(pages, first + size - 1)), null));
        }
        return spans;
    }

    private static List<Span> ranges(List<PageSpan> ranges, int pages, String filename) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            PageSpan range = ranges.get(i);
            if (range.last() > pages) {
                throw new SplitPlanRejected("payload.ranges[" + i + "] (" + range + ") is outside " + filename
                        + ", which has " + pages + " page" + (pages == 1 ? "" : "s"));
            }
            spans.add(new Span(range, null));
        }
        return spans;
    }

    /**
     * A part starts at each top-level bookmark's page, in page order (of bookmarks on one page
     * the first names the part); the pages before the first bookmark are a part of their own.
     */
    private static List<Span> bookmarks(PDDocument pdf, int pages, String filename) throws IOException {
        Map<COSDictionary, Integer> pageNumbers = new IdentityHashMap<>();
        int number = 1;
        for (PDPage page : pdf.getPages()) {
            pageNumbers.put(page.getCOSObject(), number++);
        }
        Map<Integer, @Nullable String> starts = new TreeMap<>();
        PDDocumentOutline outline = pdf.getDocumentCatalog().getDocumentOutline();
        Map<COSDictionary, Boolean> seen = new IdentityHashMap<>();
        PDOutlineItem item = outline == null ? null : outline.getFirstChild();
        while (item != null && seen.size() < MAX_BOOKMARKS && seen.put(item.getCOSObject(), true) == null) {
            PDPage page = item.findDestinationPage(pdf);
            Integer start = page == null ? null : pageNumbers.get(page.getCOSObject());
            if (start != null) {
                starts.putIfAbsent(start, item.getTitle());
            }
            item = item.getNextSibling();
        }
        if (starts.isEmpty()) {
            throw new SplitPlanRejected(filename + " has no bookmarks (no top-level outline item points at a page)");
        }
        List<Span> spans = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>(starts.keySet());
        if (firsts.getFirst() > 1) {
            spans.add(new Span(new PageSpan(1, firsts.getFirst() - 1), null));
        }
        for (int i = 0; i < firsts.size(); i++) {
            int last = i + 1 < firsts.size() ? firsts.get(i + 1) - 1 : pages;
            spans.add(new Span(new PageSpan(firsts.get(i), last), starts.get(firsts.get(i))));
        }
        return spans;
    }

    private static SplitPart write(PDDocument pdf, int number, Span span, Path directory) throws IOException {
        Splitter splitter = new Splitter();
        splitter.setStreamCacheCreateFunction(IOUtils.createTempFileOnlyStreamCache());
        splitter.setStartPage(span.pages().first());
        splitter.setEndPage(span.pages().last());
        splitter.setSplitAtPage(span.pages().pages());
        List<PDDocument> documents = splitter.split(pdf);
        Path file = directory.resolve(SplitPart.name(number));
        try {
            documents.getFirst().save(file.toFile());
        } finally {
            for (PDDocument document : documents) {
                document.close();
            }
        }
        return new SplitPart(
                number,
                SplitPart.name(number),
                span.pages().first(),
                span.pages().last(),
                span.pages().pages(),
                Files.size(file),
                span.title());
    }

    private record Span(PageSpan pages, @Nullable String title) {}

    /** The service closed the child's stdin while it waited: nobody is left to answer. */
    private static final class ServiceGone extends RuntimeException {
        ServiceGone() {
            super(null, null, false, false);
        }
    }
}
