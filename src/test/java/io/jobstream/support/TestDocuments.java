package io.jobstream.support;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.jspecify.annotations.Nullable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Documents the parser tests make themselves: PDFs with PDFBox, DOCX with POI, images with Java2D. */
public final class TestDocuments {

    private final Path directory;

    public TestDocuments(Path directory) {
        this.directory = directory;
    }

    /** A PDF with one page per text, and a title and an author. */
    public Path textPdf(String name, String title, String author, List<String> pageTexts) {
        try (PDDocument pdf = new PDDocument()) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(title);
            info.setAuthor(author);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (String text : pageTexts) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(font, 14);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            return save(pdf, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF whose pages are pictures of text: no text layer at all. */
    public Path imageOnlyPdf(String name, List<String> pageTexts) {
        try (PDDocument pdf = new PDDocument()) {
            for (String text : pageTexts) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                drawImage(pdf, page, text);
            }
            return save(pdf, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF whose first page has a text layer and whose second is only a picture of text. */
    public Path mixedPdf(String name, String firstPageText, String secondPageImageText) {
        try (PDDocument pdf = new PDDocument()) {
            PDPage first = new PDPage(PDRectangle.LETTER);
            pdf.addPage(first);
            try (PDPageContentStream content = new PDPageContentStream(pdf, first)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 700);
                content.showText(firstPageText);
                content.endText();
            }
            PDPage second = new PDPage(PDRectangle.LETTER);
            pdf.addPage(second);
            drawImage(pdf, second, secondPageImageText);
            return save(pdf, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path encryptedPdf(String name) {
        try (PDDocument pdf = new PDDocument()) {
            pdf.addPage(new PDPage());
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            pdf.protect(policy);
            return save(pdf, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF header followed by bytes that are no PDF. */
    public Path corruptPdf(String name) {
        byte[] junk = new byte[4096];
        new java.util.Random(42).nextBytes(junk);
        byte[] header = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[header.length + junk.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(junk, 0, bytes, header.length, junk.length);
        return write(name, bytes);
    }

    /** A DOCX with a level-1 heading, a paragraph, a level-2 heading and another paragraph. */
    public Path docx(String name, String heading, String paragraph, String subheading, String secondParagraph) {
        try (XWPFDocument docx = new XWPFDocument()) {
            XWPFStyles styles = docx.createStyles();
            styles.addStyle(headingStyle("Heading1", "heading 1"));
            styles.addStyle(headingStyle("Heading2", "heading 2"));
            paragraph(docx, heading, "Heading1");
            paragraph(docx, paragraph, null);
            paragraph(docx, subheading, "Heading2");
            paragraph(docx, secondParagraph, null);
            Path file = directory.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                docx.write(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DOCX with a line of text and a PNG picture of {@code width} by {@code height} pixels. */
    public Path docxWithPicture(String name, String text, int width, int height) {
        try (XWPFDocument docx = new XWPFDocument()) {
            XWPFRun run = docx.createParagraph().createRun();
            run.setText(text);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            run.addPicture(
                    new java.io.ByteArrayInputStream(png.toByteArray()),
                    Document.PICTURE_TYPE_PNG,
                    "chart.png",
                    Units.toEMU(width),
                    Units.toEMU(height));
            Path file = directory.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                docx.write(out);
            }
            return file;
        } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A DOCX whose document part inflates from about 200 kB to {@code megabytes} MB of text in
     * short paragraphs: a decompression bomb.
     */
    public Path docxBomb(String name, int megabytes) {
        Path file = directory.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                    </Types>""");
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w="
                            + "\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
                    .getBytes(StandardCharsets.UTF_8));
            String paragraph = "<w:p><w:r><w:t>" + "a".repeat(1000) + "</w:t></w:r></w:p>";
            byte[] block = paragraph.repeat((1 << 20) / paragraph.length()).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < megabytes; i++) {
                zip.write(block);
            }
            zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public Path write(String name, byte[] bytes) {
        try {
            return Files.write(directory.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path save(PDDocument pdf, String name) throws IOException {
        Path file = directory.resolve(name);
        pdf.save(file.toFile());
        return file;
    }

    /** Draws {@code text} large and black on white, as a scanner would, and fills the page with it. */
    private static void drawImage(PDDocument pdf, PDPage page, String text) throws IOException {
        BufferedImage image = new BufferedImage(1275, 1650, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 48));
        graphics.drawString(text, 100, 300);
        graphics.dispose();
        PDImageXObject picture = LosslessFactory.createFromImage(pdf, image);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            PDRectangle box = page.getMediaBox();
            content.drawImage(picture, 0, 0, box.getWidth(), box.getHeight());
        }
    }

    private static XWPFStyle headingStyle(String id, String name) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        CTString styleName = CTString.Factory.newInstance();
        styleName.setVal(name);
        style.setName(styleName);
        return new XWPFStyle(style);
    }

    private static void paragraph(XWPFDocument docx, String text, @Nullable String style) {
        XWPFParagraph paragraph = docx.createParagraph();
        if (style != null) {
            paragraph.setStyle(style);
        }
        paragraph.createRun().setText(text);
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
