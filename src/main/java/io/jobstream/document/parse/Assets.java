package io.jobstream.document.parse;

import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.StageContext;
import io.jobstream.parsing.ExtractedAsset;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The images the parser took out of a document (extract_assets), kept as artifacts {@code document-<index>-<name>}. */
final class Assets {

    private static final int BUFFER = 64 * 1024;

    private Assets() {}

    static Mono<Void> save(StageContext context, int documentIndex, List<ExtractedAsset> assets) {
        return Flux.fromIterable(assets)
                .concatMap(asset -> context.saveArtifact(new Artifact(
                        name(documentIndex, asset),
                        asset.contentType(),
                        DataBufferUtils.read(asset.file(), DefaultDataBufferFactory.sharedInstance, BUFFER))))
                .then();
    }

    /** A plain artifact name: what the asset's name has of {@code [A-Za-z0-9._-]}, at most 200 characters. */
    private static String name(int documentIndex, ExtractedAsset asset) {
        String plain = asset.name().replaceAll("[^A-Za-z0-9._-]", "_");
        String name = "document-" + documentIndex + "-" + plain;
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    /** Deletes the parser's temporary files, off the event loop. */
    static Mono<Void> delete(List<ExtractedAsset> assets) {
        return Mono.<Void>fromRunnable(() -> assets.forEach(Assets::delete)).subscribeOn(Schedulers.boundedElastic());
    }

    private static void delete(ExtractedAsset asset) {
        try {
            Files.deleteIfExists(asset.file());
        } catch (IOException e) {
            // a file in the temporary directory, which the system cleans up in the end: nothing to fail for
        }
    }
}
