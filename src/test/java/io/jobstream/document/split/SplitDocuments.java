package io.jobstream.document.split;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;

/** PDFs for the split tests, made with PDFBox, and the text of each page of a part read back. */
final class SplitDocuments {

    private final Path directory;

    SplitDocuments(Path directory) {
        this.directory = directory;
    }

    /** The text of page {@code n} (from 1) of the PDFs made here. */
    static String pageText(int n) {
        return "This is page " + n + " of the report.";
    }

    /**
     * A PDF of {@code pages} pages, page n saying {@link #pageText(int)}, with a top-level
     * bookmark at each of {@code bookmarks} (page number to title) and, under the first one, a
     * nested bookmark at {@code nestedAt} (0 for none).
     */
    Path pdf(String name, int pages, Map<Integer, String> bookmarks, int nestedAt) {
        try (PDDocument pdf = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(font, 14);
                    content.newLineAtOffset(72, 700);
                    content.showText(pageText(n));
                    content.endText();
                }
            }
            if (!bookmarks.isEmpty()) {
                PDDocumentOutline outline = new PDDocumentOutline();
                pdf.getDocumentCatalog().setDocumentOutline(outline);
                bookmarks.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(mark -> outline.addLast(item(pdf, mark.getKey(), mark.getValue())));
                if (nestedAt > 0) {
                    outline.getFirstChild().addLast(item(pdf, nestedAt, "A section, not a part"));
                }
            }
            Path file = directory.resolve(name);
            pdf.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PDF of {@code pages} pages that all draw one image of about {@code imageBytes} bytes of
     * noise (which no compression shrinks): the file holds the image once, every part of a
     * split carries it.
     */
    Path pagesSharingOneImage(String name, int pages, int imageBytes) {
        int side = (int) Math.sqrt(imageBytes / 3.0);
        BufferedImage noise = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(side);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                noise.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        try (PDDocument pdf = new PDDocument()) {
            PDImageXObject image = LosslessFactory.createFromImage(pdf, noise);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.drawImage(image, 72, 300, 400, 400);
                }
            }
            Path file = directory.resolve(name);
            pdf.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PDOutlineItem item(PDDocument pdf, int page, String title) {
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        item.setDestination(pdf.getPage(page - 1));
        return item;
    }

    /** The text of each page of a PDF, stripped. */
    static List<String> pageTexts(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            List<String> texts = new ArrayList<>();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                texts.add(stripper.getText(document).strip());
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
