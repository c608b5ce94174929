package io.jobstream.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams a ZIP: each entry's bytes are compressed as they arrive and sent at once, so memory
 * holds a buffer, never an entry or the archive. {@link ZipOutputStream} blocks, so it runs on
 * {@code boundedElastic}.
 */
final class ZipStream {

    /** One file of the archive; its content is subscribed to once, when its turn comes. */
    record Entry(String name, Flux<DataBuffer> content) {
        static Entry of(String name, byte[] content) {
            return new Entry(name, Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(content))));
        }
    }

    private ZipStream() {}

    static Flux<DataBuffer> of(Flux<Entry> entries, DataBufferFactory buffers) {
        return Flux.using(
                Writer::new,
                writer -> entries.concatMap(entry -> entry(writer, entry))
                        .concatWith(blocking(writer::finish))
                        .filter(bytes -> bytes.length > 0)
                        .map(buffers::wrap),
                Writer::close);
    }

    private static Flux<byte[]> entry(Writer writer, Entry entry) {
        return Flux.concat(
                blocking(() -> writer.begin(entry.name())),
                entry.content().concatMap(buffer -> blocking(() -> writer.write(buffer))),
                blocking(writer::end));
    }

    private static Mono<byte[]> blocking(java.util.concurrent.Callable<byte[]> step) {
        return Mono.fromCallable(step).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * A ZipOutputStream over a buffer that is drained after every step. Synchronized: a
     * cancelled download closes it from another thread while an entry may still be written.
     */
    private static final class Writer {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ZipOutputStream zip = new ZipOutputStream(pending);

        synchronized byte[] begin(String name) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            return drain();
        }

        synchronized byte[] write(DataBuffer buffer) throws IOException {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                zip.write(bytes);
                return drain();
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        synchronized byte[] end() throws IOException {
            zip.closeEntry();
            return drain();
        }

        synchronized byte[] finish() throws IOException {
            zip.finish();
            return drain();
        }

        private byte[] drain() {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            return bytes;
        }

        synchronized void close() {
            try {
                zip.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
