package io.jobstream.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFRun;

/**
 * The documents the parse benchmark reads, made here so that every run reads the same: full
 * pages of plain English-like prose (a fixed seed), about 3,500 characters a page, as a text
 * PDF, as a DOCX with a page break after each page's worth, and as an image-only PDF (a
 * picture of the text per page, as a scanner makes) for OCR.
 */
final class BenchDocuments {

    static final int LINES_PER_PAGE = 45;
    /** Fewer, larger lines on a scanned page: a page of 10-point print photographed at 150 dpi. */
    static final int SCANNED_LINES_PER_PAGE = 30;

    private static final List<String> WORDS = List.of(
            "the",
            "report",
            "shows",
            "that",
            "our",
            "team",
            "delivered",
            "every",
            "order",
            "on",
            "time",
            "and",
            "within",
            "budget",
            "during",
            "the",
            "quarter",
            "while",
            "costs",
            "for",
            "shipping",
            "rose",
            "by",
            "four",
            "percent",
            "customers",
            "asked",
            "about",
            "new",
            "products",
            "which",
            "we",
            "plan",
            "to",
            "launch",
            "next",
            "spring",
            "after",
            "testing",
            "them",
            "in",
            "three",
            "stores",
            "sales",
            "grew",
            "most",
            "in",
            "the",
            "north",
            "where",
            "weather",
            "was",
            "mild",
            "staff",
            "training",
            "continued",
            "with",
            "courses",
            "on",
            "safety",
            "service",
            "and",
            "quality",
            "management",
            "expects",
            "steady",
            "growth",
            "this",
            "year",
            "if",
            "prices",
            "remain",
            "stable",
            "board",
            "approved",
            "budget",
            "for",
            "research",
            "into",
            "better",
            "packaging",
            "made",
            "from",
            "recycled",
            "paper",
            "invoices",
            "were",
            "paid",
            "promptly");

    private final Path directory;
    private final Random random = new Random(16);

    BenchDocuments(Path directory) {
        this.directory = directory;
    }

    /** A PDF of {@code pages} pages of 10-point text with a text layer. */
    Path textPdf(String name, int pages) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(14);
                    content.newLineAtOffset(54, 740);
                    for (String line : lines(LINES_PER_PAGE, 80)) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            Path file = directory.resolve(name);
            pdf.save(file.toFile());
            return file;
        }
    }

    /** A DOCX with {@code pages} pages' worth of paragraphs, each followed by a page break. */
    Path docx(String name, int pages) throws IOException {
        try (XWPFDocument docx = new XWPFDocument()) {
            for (int p = 0; p < pages; p++) {
                List<String> lines = lines(LINES_PER_PAGE, 80);
                for (int start = 0; start < lines.size(); start += 9) {
                    XWPFRun run = docx.createParagraph().createRun();
                    run.setText(String.join(" ", lines.subList(start, Math.min(lines.size(), start + 9))));
                    if (start + 9 >= lines.size()) {
                        run.addBreak(BreakType.PAGE);
                    }
                }
            }
            Path file = directory.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                docx.write(out);
            }
            return file;
        }
    }

    /** A PDF of {@code pages} pictures of text (letter size, 150 dpi grey), no text layer. */
    Path scannedPdf(String name, int pages) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                PDImageXObject picture = LosslessFactory.createFromImage(pdf, scan(lines(SCANNED_LINES_PER_PAGE, 70)));
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    PDRectangle box = page.getMediaBox();
                    content.drawImage(picture, 0, 0, box.getWidth(), box.getHeight());
                }
            }
            Path file = directory.resolve(name);
            pdf.save(file.toFile());
            return file;
        }
    }

    /** Chunk-sized texts (about {@code characters} each) of the same prose, for the embedding model. */
    List<String> texts(int count, int characters) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(String.join(" ", lines(characters / 80 + 1, 80)));
        }
        return texts;
    }

    private static BufferedImage scan(List<String> lines) {
        BufferedImage image = new BufferedImage(1275, 1650, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font(Font.SERIF, Font.PLAIN, 28));
        for (int i = 0; i < lines.size(); i++) {
            graphics.drawString(lines.get(i), 110, 150 + i * 46);
        }
        graphics.dispose();
        return image;
    }

    private List<String> lines(int count, int width) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder line = new StringBuilder();
            while (line.length() < width) {
                if (!line.isEmpty()) {
                    line.append(' ');
                }
                line.append(WORDS.get(random.nextInt(WORDS.size())));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
