package io.jobstream.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams a ZIP: each entry is compressed when its turn comes and its bytes are sent at
 * once, so memory holds one entry, never the archive. {@link ZipOutputStream} blocks, so it
 * runs on {@code boundedElastic}.
 */
final class ZipStream {

    /** One file of the archive. */
    record Entry(String name, byte[] content) {}

    private ZipStream() {}

    static Flux<DataBuffer> of(Flux<Entry> entries, DataBufferFactory buffers) {
        return Flux.using(
                Writer::new,
                writer -> entries.concatMap(entry ->
                                Mono.fromCallable(() -> writer.add(entry)).subscribeOn(Schedulers.boundedElastic()))
                        .concatWith(Mono.fromCallable(writer::finish).subscribeOn(Schedulers.boundedElastic()))
                        .map(buffers::wrap),
                Writer::close);
    }

    /**
     * A ZipOutputStream over a buffer that is drained after every entry. Synchronized: a
     * cancelled download closes it from another thread while an entry may still be written.
     */
    private static final class Writer {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ZipOutputStream zip = new ZipOutputStream(pending);

        synchronized byte[] add(Entry entry) throws IOException {
            zip.putNextEntry(new ZipEntry(entry.name()));
            zip.write(entry.content());
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
