package io.jobstream.storage;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3-compatible object storage (AWS S3, MinIO, Ceph...) through the SDK's async client, which
 * owns its Netty event loops; closing this closes the client, with the application context.
 * A body of unknown length goes up in parts of {@link #PART_SIZE} (S3's least but the last),
 * one part in flight at a time; a body shorter than one part is a single PutObject. S3 makes
 * an object visible only when its upload completes, so a failed put leaves the old one, and
 * the multipart upload is aborted so that its parts are not kept (and billed).
 */
final class S3Storage implements Storage, AutoCloseable {

    /** The least part S3 accepts (but for the last); also the memory one upload holds twice at most. */
    static final int PART_SIZE = 5 * 1024 * 1024;

    /** Deletes in flight for one {@link #deleteAll}: a job has a handful of objects, a crawl perhaps thousands. */
    private static final int DELETES_AT_ONCE = 8;

    private final S3AsyncClient client;
    private final String bucket;
    private final Mono<Boolean> bucketReady;

    S3Storage(S3AsyncClient client, String bucket, boolean createBucket) {
        this.client = client;
        this.bucket = bucket;
        Mono<Boolean> ready = createBucket ? new S3Bucket(client, bucket).createIfMissing() : Mono.just(true);
        // once it exists it stays; a failure is tried again by the next request
        this.bucketReady =
                ready.cache(exists -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public Mono<StoredObject> put(String key, Flux<DataBuffer> content, String contentType) {
        return bucketReady.then(Mono.defer(() -> upload(key, content, contentType, new ContentCutter(PART_SIZE))));
    }

    private Mono<StoredObject> upload(String key, Flux<DataBuffer> content, String contentType, ContentCutter cutter) {
        return cutter.cut(content)
                .switchOnFirst((first, parts) -> firstPartDecides(first, parts, key, contentType))
                .then(Mono.fromSupplier(cutter::summary))
                .map(summary -> new StoredObject(key, summary.bytes(), summary.sha256()));
    }

    /** No part, or a first part shorter than a part: the whole body is here, one PutObject does. */
    private Mono<Void> firstPartDecides(
            Signal<? extends ContentCutter.Piece> first,
            Flux<ContentCutter.Piece> parts,
            String key,
            String contentType) {
        ContentCutter.Piece piece = first.get();
        if (piece == null) {
            // no byte at all, or the content failed before its first part: that error passes on
            return first.isOnComplete() ? putWhole(key, new byte[0], contentType) : parts.then();
        }
        if (piece.data().length < PART_SIZE) {
            return parts.then(putWhole(key, piece.data(), contentType));
        }
        return new MultipartUpload(client, bucket, key, contentType).send(parts);
    }

    private Mono<Void> putWhole(String key, byte[] data, String contentType) {
        return Mono.fromFuture(() -> client.putObject(
                        request -> request.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .contentLength((long) data.length),
                        AsyncRequestBody.fromBytes(data)))
                .then();
    }

    @Override
    public Flux<DataBuffer> get(String key) {
        return bucketReady.thenMany(download(key, null));
    }

    @Override
    public Flux<DataBuffer> get(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            return Flux.error(new IllegalArgumentException("offset and length must not be negative"));
        }
        if (length == 0) {
            // S3 has no empty range: ask for the size, which also says whether the object exists
            return bucketReady.then(head(key)).thenMany(Flux.empty());
        }
        String last = length > Long.MAX_VALUE - offset ? "" : Long.toString(offset + length - 1);
        return bucketReady
                .thenMany(download(key, "bytes=" + offset + "-" + last))
                // 416: the object exists and the range starts past its end
                .onErrorResume(S3Storage::rangePastTheEnd, error -> Flux.empty());
    }

    private Flux<DataBuffer> download(String key, @Nullable String range) {
        return Mono.fromFuture(() -> client.getObject(
                        request -> request.bucket(bucket).key(key).range(range),
                        AsyncResponseTransformer.<GetObjectResponse>toPublisher()))
                .flatMapMany(S3Storage::buffers)
                .onErrorMap(S3Storage::notFound, error -> new StoredObjectNotFoundException(key));
    }

    /**
     * The SDK's publisher as buffers. It hands over fresh heap {@code ByteBuffer}s it does not
     * reuse (it copies from Netty's pooled ones and releases those itself), so wrapping them
     * is safe and there is nothing for the subscriber to release; cancelling the flux cancels
     * the download and closes its connection.
     */
    private static Flux<DataBuffer> buffers(ResponsePublisher<GetObjectResponse> response) {
        return Flux.from(response).map(DefaultDataBufferFactory.sharedInstance::wrap);
    }

    private Mono<Void> head(String key) {
        return Mono.fromFuture(() ->
                        client.headObject(request -> request.bucket(bucket).key(key)))
                .onErrorMap(S3Storage::notFound, error -> new StoredObjectNotFoundException(key))
                .then();
    }

    @Override
    public Mono<Void> delete(String key) {
        return bucketReady
                .then(Mono.fromFuture(() ->
                        client.deleteObject(request -> request.bucket(bucket).key(key))))
                .then();
    }

    /** Lists the keys page by page (the SDK's paginator follows the continuation tokens) and deletes each. */
    @Override
    public Mono<Void> deleteAll(String prefix) {
        return bucketReady
                .thenMany(Flux.from(client.listObjectsV2Paginator(
                                request -> request.bucket(bucket).prefix(prefix))
                        .contents()))
                .flatMap(object -> delete(object.key()), DELETES_AT_ONCE)
                .then();
    }

    @Override
    public void close() {
        client.close();
    }

    private static boolean notFound(Throwable error) {
        return error instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private static boolean rangePastTheEnd(Throwable error) {
        return error instanceof S3Exception s3 && s3.statusCode() == 416;
    }
}
