package io.jobstream.file;

import io.jobstream.job.Caller;
import io.jobstream.job.OwnedFiles;
import io.jobstream.storage.Storage;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Uploaded files, for the API and for job types that read them. Methods that take a
 * {@link Caller} serve the API (an admin sees every owner's files); those that take an
 * owner serve jobs, which act for their owner only. Another owner's file is
 * {@link StoredFileNotFoundException}, exactly like a missing one.
 */
@Service
public class FileService implements OwnedFiles {

    private static final Logger log = LoggerFactory.getLogger(FileService.class);

    private final FileRepository files;
    private final FileUploads uploads;
    private final Storage storage;

    FileService(FileRepository files, FileUploads uploads, Storage storage) {
        this.files = files;
        this.uploads = uploads;
        this.storage = storage;
    }

    /**
     * Streams the uploads to storage, one after the other, and keeps all or none of them:
     * {@link FileTooLargeException} past {@code jobstream.files.max-bytes},
     * {@link FileQuotaExceededException} past the owner's quota, an
     * {@link io.jobstream.system.InvalidInputException} naming {@code file} for an empty file
     * or none at all. The type of each is detected from its bytes.
     */
    public Mono<List<StoredFile>> upload(String owner, Flux<Upload> content) {
        return uploads.upload(owner, content);
    }

    /** The owner's file, for a job acting for its owner. */
    public Mono<StoredFile> find(String owner, UUID id) {
        return files.find(owner, id).switchIfEmpty(Mono.error(() -> new StoredFileNotFoundException(id)));
    }

    /** A file the caller may see. */
    public Mono<StoredFile> get(Caller caller, UUID id) {
        return files.find(caller, id).switchIfEmpty(Mono.error(() -> new StoredFileNotFoundException(id)));
    }

    public Mono<FilePage> list(Caller caller, FileQuery query) {
        return files.list(caller, query);
    }

    /** The bytes of a file, streamed from storage. */
    public Flux<DataBuffer> content(StoredFile file) {
        return storage.get(file.storageKey());
    }

    /** {@code length} bytes of a file from {@code offset}, for HTTP {@code Range}. */
    public Flux<DataBuffer> content(StoredFile file, long offset, long length) {
        return storage.get(file.storageKey(), offset, length);
    }

    /**
     * Deletes the file: its row first, so that it is gone for every reader at once, then its
     * bytes. Should the bytes outlive a failure here, they are unreachable, never half a file.
     */
    public Mono<Void> delete(Caller caller, UUID id) {
        return files.delete(caller, id)
                .switchIfEmpty(Mono.error(() -> new StoredFileNotFoundException(id)))
                .flatMap(file -> storage.delete(file.storageKey())
                        .doOnError(error ->
                                log.warn("The bytes of deleted file {} stay in storage: {}", id, error.toString()))
                        .onErrorComplete());
    }

    /**
     * The ids among {@code ids} that are not files of {@code owner}: missing or another's,
     * which a caller must not be able to tell apart. Empty when all are the owner's.
     */
    @Override
    public Mono<Set<UUID>> unknown(String owner, Collection<UUID> ids) {
        Set<UUID> wanted = Set.copyOf(ids);
        if (wanted.isEmpty()) {
            return Mono.just(Set.of());
        }
        return files.owned(owner, wanted.toArray(UUID[]::new))
                .collect(java.util.stream.Collectors.toSet())
                .map(owned -> {
                    Set<UUID> unknown = new HashSet<>(wanted);
                    unknown.removeAll(owned);
                    return Set.copyOf(unknown);
                });
    }
}
