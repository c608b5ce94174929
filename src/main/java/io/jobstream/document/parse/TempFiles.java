package io.jobstream.document.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A temporary file for a blocking reader that wants a path (the parser's child): filled
 * from a stream, used, and deleted whatever happens, a cancel included.
 */
public final class TempFiles {

    private TempFiles() {}

    public static <T> Mono<T> using(
            String prefix, Function<Path, Flux<DataBuffer>> content, Function<Path, Mono<T>> use) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempFile(prefix, ".bin")).subscribeOn(Schedulers.boundedElastic()),
                file -> DataBufferUtils.write(content.apply(file), file).then(use.apply(file)),
                TempFiles::delete);
    }

    private static Mono<Void> delete(Path file) {
        return Mono.<Void>fromRunnable(() -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
