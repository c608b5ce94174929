package io.jobstream.storage;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the bytes of files and artifacts live: one small interface, two backends chosen by
 * {@code jobstream.storage.backend} (PostgreSQL by default, S3-compatible object storage for
 * production). Bytes are always streamed, never held whole in memory. Keys are opaque to the
 * backends ({@code files/<uuid>}, {@code jobs/<uuid>/artifacts/<name>}); the rows that say
 * who owns what live with their features, not here.
 */
public interface Storage {

    /**
     * Streams {@code content} to {@code key}, replacing what was there once all of it is kept.
     * If {@code content} fails (a client went away, a size cap was passed), what was under
     * {@code key} stays as it was (nothing, for a new key): PostgreSQL rolls the transaction
     * back, S3 aborts the multipart upload. The error is passed on unchanged. Buffers of
     * {@code content} are released.
     */
    Mono<StoredObject> put(String key, Flux<DataBuffer> content, String contentType);

    /** The bytes under {@code key}, in order; {@link StoredObjectNotFoundException} if there are none. */
    Flux<DataBuffer> get(String key);

    /**
     * {@code length} bytes from {@code offset} (fewer at the end of the object, none past it),
     * for HTTP {@code Range}; {@link StoredObjectNotFoundException} if there is no object.
     */
    Flux<DataBuffer> get(String key, long offset, long length);

    /** Removes the object if there is one; deleting twice is not an error. */
    Mono<Void> delete(String key);

    /** Removes every object whose key starts with {@code prefix} (such as {@code jobs/<id>/}). */
    Mono<Void> deleteAll(String prefix);
}
