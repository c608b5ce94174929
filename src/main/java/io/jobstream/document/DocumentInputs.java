package io.jobstream.document;

import io.jobstream.egress.Download;
import io.jobstream.egress.FetchException;
import io.jobstream.egress.UrlFetcher;
import io.jobstream.file.FileService;
import io.jobstream.file.StoredFileNotFoundException;
import io.jobstream.job.JobArtifacts;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.storage.Storage;
import java.net.URI;
import java.util.Base64;
import java.util.UUID;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings a job's documents into storage, where every later stage, retry and instance reads
 * them: an uploaded file is used where it is (after checking that the job's owner still has
 * it), a URL is fetched through the address guard ({@link UrlFetcher}), inline content is
 * decoded. A document that cannot be had fails with a {@link DocumentFailure}, never the job.
 */
@Component
public class DocumentInputs {

    private static final String OCTET_STREAM = MediaType.APPLICATION_OCTET_STREAM_VALUE;

    private final FileService files;
    private final UrlFetcher fetcher;
    private final Storage storage;

    DocumentInputs(FileService files, UrlFetcher fetcher, Storage storage) {
        this.files = files;
        this.fetcher = fetcher;
        this.storage = storage;
    }

    /** The document's bytes in storage, for the job {@code jobId} of {@code owner}. */
    public Mono<StagedInput> stage(UUID jobId, String owner, int index, DocumentRef ref) {
        String key = JobArtifacts.prefix(jobId) + "inputs/" + index;
        return switch (ref) {
            case DocumentRef.FileRef file -> file(owner, file.fileId());
            case DocumentRef.UrlRef url -> fetch(key, url.url());
            case DocumentRef.InlineRef inline -> inline(key, inline);
        };
    }

    private Mono<StagedInput> file(String owner, UUID id) {
        return files.find(owner, id)
                .map(file -> new StagedInput(
                        file.storageKey(), file.filename(), file.contentType(), file.bytes(), file.sha256()))
                .onErrorMap(
                        StoredFileNotFoundException.class,
                        missing -> new DocumentFailure(ErrorCode.VALIDATION_ERROR, "file " + id + " was not found"));
    }

    private Mono<StagedInput> fetch(String key, URI url) {
        return fetcher.fetch(url)
                .flatMap(download -> keep(key, download))
                .onErrorMap(
                        FetchException.class,
                        failed -> new DocumentFailure(
                                ErrorCode.FETCH_ERROR, "could not fetch " + url + ": " + failed.getMessage()));
    }

    private Mono<StagedInput> keep(String key, Download download) {
        String type = download.contentType() == null
                ? OCTET_STREAM
                : download.contentType().toString();
        String filename = download.filename() == null ? "document" : download.filename();
        return storage.put(key, download.body(), type)
                .map(stored -> new StagedInput(key, filename, type, stored.bytes(), stored.sha256()));
    }

    private Mono<StagedInput> inline(String key, DocumentRef.InlineRef inline) {
        byte[] bytes = Base64.getMimeDecoder().decode(inline.base64());
        return storage.put(key, Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)), OCTET_STREAM)
                .map(stored -> new StagedInput(key, inline.filename(), OCTET_STREAM, stored.bytes(), stored.sha256()));
    }
}
