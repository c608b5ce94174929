package io.jobstream.document.extract;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Invoices the extract tests make: PDFs of several lines per page, with a text layer, or
 * scanned (each page only a picture of its lines, as {@code TestDocuments.imageOnlyPdf} makes
 * one-line scans).
 */
final class InvoiceDocuments {

    private final Path directory;

    InvoiceDocuments(Path directory) {
        this.directory = directory;
    }

    /** A PDF with a text layer: each page its lines, top to bottom. */
    Path textPdf(String name, List<List<String>> pages) {
        try (PDDocument pdf = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.setLeading(18);
                    content.newLineAtOffset(72, 720);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            return save(pdf, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF whose pages are pictures of their lines, large and black on white: no text layer. */
    Path scannedPdf(String name, List<List<String>> pages) {
        try (PDDocument pdf = new PDDocument()) {
            for (List<String> lines : pages) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                PDImageXObject picture = LosslessFactory.createFromImage(pdf, scan(lines));
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    PDRectangle box = page.getMediaBox();
                    content.drawImage(picture, 0, 0, box.getWidth(), box.getHeight());
                }
            }
            return save(pdf, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage scan(List<String> lines) {
        BufferedImage image = new BufferedImage(1275, 1650, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 44));
        for (int index = 0; index < lines.size(); index++) {
            graphics.drawString(lines.get(index), 100, 200 + index * 90);
        }
        graphics.dispose();
        return image;
    }

    private Path save(PDDocument pdf, String name) throws IOException {
        Path file = directory.resolve(name);
        pdf.save(file.toFile());
        return file;
    }
}
