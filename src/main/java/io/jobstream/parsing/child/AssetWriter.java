package io.jobstream.parsing.child;

import io.jobstream.parsing.ExtractedAsset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypeException;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Writes the images embedded in a document (a PDF's inline images, a DOCX's pictures) to
 * temporary files, for {@code extractAssets}; other embedded documents (attachments) are still
 * read for their text. Capped in number and size, so a document made of images cannot fill the
 * disk.
 */
final class AssetWriter implements EmbeddedDocumentExtractor {

    private static final int MAX_ASSETS = 500;
    private static final long MAX_ASSET_BYTES = 50L * 1024 * 1024;

    private final TikaConfig tika;
    private final EmbeddedDocumentExtractor text;
    private final List<ExtractedAsset> assets = new ArrayList<>();

    AssetWriter(TikaConfig tika, EmbeddedDocumentExtractor text) {
        this.tika = tika;
        this.text = text;
    }

    List<ExtractedAsset> assets() {
        return List.copyOf(assets);
    }

    /** After a failed parse: the caller will never see these files. */
    void deleteAll() {
        for (ExtractedAsset asset : assets) {
            try {
                Files.deleteIfExists(asset.file());
            } catch (IOException e) {
                // the temporary directory's own clean-up gets it
            }
        }
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        return true;
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
            throws SAXException, IOException {
        try (TikaInputStream input = TikaInputStream.get(stream)) {
            MediaType type = tika.getDetector().detect(input, metadata).getBaseType();
            if (type.getType().equals("image") && assets.size() < MAX_ASSETS) {
                write(input, type, metadata);
            } else {
                text.parseEmbedded(input, handler, metadata, outputHtml);
            }
        }
    }

    private void write(InputStream input, MediaType type, Metadata metadata) throws IOException {
        String extension = extension(type);
        Path file = Files.createTempFile("jobstream-asset-", extension);
        if (copy(input, file) > MAX_ASSET_BYTES) {
            Files.delete(file);
            return;
        }
        assets.add(new ExtractedAsset(name(metadata, extension), type.toString(), file));
    }

    private static long copy(InputStream input, Path file) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int read = input.read(buffer); read >= 0 && total <= MAX_ASSET_BYTES; read = input.read(buffer)) {
                out.write(buffer, 0, read);
                total += read;
            }
        }
        return total;
    }

    /** A name safe as a file or artifact name, unique in the document: {@code image-003-chart.png}. */
    private String name(Metadata metadata, String extension) {
        String original = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
        String base = original == null ? "" : original.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.length() > 80) {
            base = base.substring(base.length() - 80);
        }
        String name = String.format("image-%03d", assets.size() + 1) + (base.isEmpty() ? "" : "-" + base);
        return name.endsWith(extension) ? name : name + extension;
    }

    private String extension(MediaType type) {
        try {
            String extension = tika.getMimeRepository().forName(type.toString()).getExtension();
            return extension.isEmpty() ? ".bin" : extension;
        } catch (MimeTypeException e) {
            return ".bin";
        }
    }
}
