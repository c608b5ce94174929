package io.jobstream.file;

import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObject;
import io.jobstream.system.InvalidInputException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * Streams uploads to storage, one file after the other, and keeps all of a request or none:
 * a file over the size limit, past the owner's quota or empty, a client that goes away, or a
 * failing write undoes the files of the same request already kept. No file is ever whole in
 * memory: the first {@link ContentTypes#HEAD} bytes are held to detect its type, the rest
 * passes through.
 */
@Component
class FileUploads {

    private final FileRepository files;
    private final Storage storage;
    private final ContentTypes types;
    private final FileProperties properties;

    FileUploads(FileRepository files, Storage storage, ContentTypes types, FileProperties properties) {
        this.files = files;
        this.storage = storage;
        this.types = types;
        this.properties = properties;
    }

    Mono<List<StoredFile>> upload(String owner, Flux<Upload> uploads) {
        return Mono.usingWhen(
                Mono.fromSupplier(Kept::new),
                kept -> files.usedBytes(owner).flatMap(used -> storeAll(owner, uploads, used, kept)),
                kept -> Mono.empty(),
                (kept, error) -> undo(kept),
                this::undo);
    }

    private Mono<List<StoredFile>> storeAll(String owner, Flux<Upload> uploads, long used, Kept kept) {
        long quota = properties.quotaBytes().toBytes();
        if (used >= quota) {
            return Mono.error(new FileQuotaExceededException(owner, properties.quotaBytes()));
        }
        return uploads.concatMap(upload -> store(owner, upload, quota - used - kept.bytes()), 1)
                .doOnNext(kept::add)
                .collectList()
                .filter(stored -> !stored.isEmpty())
                .switchIfEmpty(Mono.error(() -> InvalidInputException.of("file", "is required: send at least one")));
    }

    /** One file, within what is left of the quota; its row only once all its bytes are kept. */
    private Mono<StoredFile> store(String owner, Upload upload, long room) {
        String filename = Filenames.clean(upload.filename());
        UUID id = UUID.randomUUID();
        String key = "files/" + id;
        return limited(upload.content(), filename, owner, room)
                .bufferUntil(new Head())
                .switchOnFirst((head, all) -> detectThenPut(head, all, key, filename))
                .single()
                .flatMap(object -> {
                    var file = new StoredFile(
                            id,
                            owner,
                            filename,
                            object.contentType(),
                            object.stored().bytes(),
                            object.stored().sha256(),
                            key,
                            Instant.now().truncatedTo(ChronoUnit.MICROS));
                    return files.insertWithin(file, properties.quotaBytes().toBytes())
                            .switchIfEmpty(
                                    Mono.error(() -> new FileQuotaExceededException(owner, properties.quotaBytes())))
                            .onErrorResume(error -> storage.delete(key).then(Mono.error(error)));
                });
    }

    /**
     * The first group of buffers is the head: all of the file when it is shorter. An empty
     * head is an empty file, refused before anything is written.
     */
    private Mono<Detected> detectThenPut(
            Signal<? extends List<DataBuffer>> head, Flux<List<DataBuffer>> all, String key, String filename) {
        List<DataBuffer> first = head.get();
        if (first == null || first.stream().allMatch(buffer -> buffer.readableByteCount() == 0)) {
            // the whole file, or the error it failed with, which passes on
            return all.doOnNext(FileUploads::release)
                    .then(Mono.error(InvalidInputException.of("file", "'" + filename + "' is empty")));
        }
        String contentType = types.detect(bytes(first), filename);
        return storage.put(key, all.concatMapIterable(buffers -> buffers), contentType)
                .map(stored -> new Detected(stored, contentType));
    }

    /** The content, failing as soon as it passes the size limit or the room left in the quota. */
    private Flux<DataBuffer> limited(Flux<DataBuffer> content, String filename, String owner, long room) {
        long max = properties.maxBytes().toBytes();
        return Flux.defer(() -> {
            // one counter per subscription: an upload is read once
            AtomicLong seen = new AtomicLong();
            return content.handle((buffer, sink) -> {
                long total = seen.addAndGet(buffer.readableByteCount());
                if (total > max || total > room) {
                    DataBufferUtils.release(buffer);
                    sink.error(
                            total > max
                                    ? new FileTooLargeException(filename, properties.maxBytes())
                                    : new FileQuotaExceededException(owner, properties.quotaBytes()));
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    private Mono<Void> undo(Kept kept) {
        return Flux.fromIterable(kept.files())
                .concatMap(file -> files.delete(file.id()).then(storage.delete(file.storageKey())))
                .then();
    }

    private static byte[] bytes(List<DataBuffer> buffers) {
        int size = Math.min(
                ContentTypes.HEAD,
                buffers.stream().mapToInt(DataBuffer::readableByteCount).sum());
        byte[] head = new byte[size];
        int at = 0;
        for (DataBuffer buffer : buffers) {
            int n = Math.min(buffer.readableByteCount(), size - at);
            // read a copy: the buffers go on to storage unread
            buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(head), at, n);
            at += n;
        }
        return head;
    }

    private static void release(List<DataBuffer> buffers) {
        buffers.forEach(DataBufferUtils::release);
    }

    /** A stored object and the type detected for it. */
    private record Detected(StoredObject stored, String contentType) {}

    /** Closes the first group of buffers once it holds {@link ContentTypes#HEAD} bytes, then every buffer alone. */
    private static final class Head implements Predicate<DataBuffer> {

        private long seen;

        @Override
        public boolean test(DataBuffer buffer) {
            seen += buffer.readableByteCount();
            return seen >= ContentTypes.HEAD;
        }
    }

    /** The files of one request kept so far, to undo if a later one fails. */
    private static final class Kept {

        private final List<StoredFile> files = new CopyOnWriteArrayList<>();

        void add(StoredFile file) {
            files.add(file);
        }

        List<StoredFile> files() {
            return files;
        }

        long bytes() {
            return files.stream().mapToLong(StoredFile::bytes).sum();
        }
    }
}
