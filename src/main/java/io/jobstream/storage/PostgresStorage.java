package io.jobstream.storage;

import io.jobstream.storage.StoredObjectRepository.Chunk;
import io.jobstream.storage.StoredObjectRepository.Header;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The default backend: objects in this service's own PostgreSQL, in chunks of
 * {@link #CHUNK_SIZE} bytes (V13). A put writes a new version's chunks, each on its own, then
 * switches the object to it in one short transaction (V18): a failed put leaves the previous
 * object as it was, readers see the old bytes until the switch, and a slow upload holds no
 * connection while it waits for its content. Reads fetch a few
 * chunks per statement, on demand, so a download holds a page of chunks at most, never the
 * object.
 */
final class PostgresStorage implements Storage {

    /** About 256 KB: see V13 for why. */
    static final int CHUNK_SIZE = 256 * 1024;
    /** Chunks per statement when reading: 1 MB, few round trips, little memory per download. */
    private static final int CHUNKS_PER_READ = 4;

    private final StoredObjectRepository objects;

    PostgresStorage(StoredObjectRepository objects) {
        this.objects = objects;
    }

    /**
     * Writes the chunks of a new version one statement at a time, each committed on its own,
     * so that no connection is held while the content trickles in; then publishes the version
     * in one short transaction. A put that fails or is cancelled deletes its chunks.
     */
    @Override
    public Mono<StoredObject> put(String key, Flux<DataBuffer> content, String contentType) {
        return Mono.defer(() -> {
            UUID version = UUID.randomUUID();
            return objects.begin(key, version)
                    .then(write(key, version, content, contentType, new ContentCutter(CHUNK_SIZE)))
                    .onErrorResume(error ->
                            objects.abandon(key, version).onErrorComplete().then(Mono.error(error)))
                    .doOnCancel(() ->
                            objects.abandon(key, version).onErrorComplete().subscribe());
        });
    }

    private Mono<StoredObject> write(
            String key, UUID version, Flux<DataBuffer> content, String contentType, ContentCutter cutter) {
        // the content may itself be read from this database (chunks.jsonl from document_chunks): it
        // reads on connections of its own, never on a transaction of the caller's
        return cutter.cut(content.contextWrite(outside -> Context.empty()))
                // one chunk in flight: the next is cut while this one is written, no more
                .concatMap(piece -> objects.insertChunk(key, version, piece.start(), piece.data()), 1)
                .then(Mono.fromSupplier(cutter::summary))
                .flatMap(summary -> objects.publish(key, version, contentType, summary.bytes(), summary.sha256())
                        .thenReturn(new StoredObject(key, summary.bytes(), summary.sha256())));
    }

    @Override
    public Flux<DataBuffer> get(String key) {
        return get(key, 0, Long.MAX_VALUE);
    }

    @Override
    public Flux<DataBuffer> get(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            return Flux.error(new IllegalArgumentException("offset and length must not be negative"));
        }
        return objects.header(key)
                .switchIfEmpty(Mono.error(() -> new StoredObjectNotFoundException(key)))
                .flatMapMany(header -> read(key, header, offset, endOf(header, offset, length)));
    }

    private static long endOf(Header header, long offset, long length) {
        return offset >= header.bytes() ? offset : offset + Math.min(length, header.bytes() - offset);
    }

    /** Bytes {@code [from, end)} of this version, a page of chunks at a time as the subscriber asks. */
    private Flux<DataBuffer> read(String key, Header header, long from, long end) {
        if (from >= end) {
            return Flux.empty();
        }
        return page(key, header, from, end)
                .expand(page -> page.next() >= end ? Mono.empty() : page(key, header, page.next(), end))
                // one page at a time: the next statement runs when the subscriber wants more
                .concatMapIterable(page -> page.slices(from, end), 1);
    }

    private Mono<Page> page(String key, Header header, long from, long end) {
        return objects.chunks(key, header.version(), from, end, CHUNKS_PER_READ)
                .flatMap(chunks -> chunks.isEmpty()
                        // a put or a delete replaced the version this read started on
                        ? Mono.error(new StoredObjectNotFoundException(key))
                        : Mono.just(new Page(chunks)));
    }

    @Override
    public Mono<Void> delete(String key) {
        return objects.delete(key);
    }

    @Override
    public Mono<Void> deleteAll(String prefix) {
        return objects.deleteAll(prefix);
    }

    /** Chunks read by one statement. */
    private record Page(List<Chunk> chunks) {

        /** Where the next page starts: just after the last chunk of this one. */
        long next() {
            Chunk last = chunks.getLast();
            return last.start() + last.data().remaining();
        }

        /** Each chunk trimmed to {@code [from, end)}, as a buffer that needs no release. */
        List<DataBuffer> slices(long from, long end) {
            return chunks.stream().map(chunk -> slice(chunk, from, end)).toList();
        }

        private static DataBuffer slice(Chunk chunk, long from, long end) {
            var data = chunk.data().duplicate();
            int skip = (int) Math.max(0, from - chunk.start());
            int keep = (int) Math.min(data.remaining(), end - chunk.start());
            data.limit(data.position() + keep).position(data.position() + skip);
            return DefaultDataBufferFactory.sharedInstance.wrap(data.slice());
        }
    }
}
