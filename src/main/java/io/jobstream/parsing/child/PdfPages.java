package io.jobstream.parsing.child;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** PDFBox for what Tika does not do for us: counting pages before parsing, and rendering pages for OCR. */
final class PdfPages {

    /** Tesseract reads best at about 300 dpi. */
    static final int OCR_DPI = 300;

    // a page made huge on purpose must not exhaust the heap: about 50 MB of grey pixels at most
    private static final double MAX_PIXELS = 50_000_000;

    private PdfPages() {}

    /** The page count; throws PDFBox's {@code InvalidPasswordException} for an encrypted PDF. */
    static int count(Path file) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            return pdf.getNumberOfPages();
        }
    }

    /** An open PDF whose pages can be rendered, one at a time, to PNG files for Tesseract. */
    static Renderer open(Path file) throws IOException {
        return new Renderer(Loader.loadPDF(file.toFile()));
    }

    static final class Renderer implements AutoCloseable {

        private final PDDocument pdf;
        private final PDFRenderer renderer;

        private Renderer(PDDocument pdf) {
            this.pdf = pdf;
            this.renderer = new PDFRenderer(pdf);
        }

        /** Renders page {@code number} (from 1) in grey to a temporary PNG the caller deletes; returns its dpi too. */
        RenderedPage render(int number) throws IOException {
            PDRectangle box = pdf.getPage(number - 1).getCropBox();
            double scale = OCR_DPI / 72.0;
            double pixels = box.getWidth() * scale * box.getHeight() * scale;
            if (pixels > MAX_PIXELS) {
                scale *= Math.sqrt(MAX_PIXELS / pixels);
            }
            BufferedImage image = renderer.renderImage(number - 1, (float) scale, ImageType.GRAY);
            Path png = Files.createTempFile("jobstream-page-" + number + "-", ".png");
            ImageIO.write(image, "png", png.toFile());
            return new RenderedPage(png, (int) Math.round(scale * 72));
        }

        @Override
        public void close() throws IOException {
            pdf.close();
        }
    }

    record RenderedPage(Path png, int dpi) {}
}
