package io.jobstream.storage;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;

/**
 * One S3 multipart upload of a body of unknown length: created, its parts sent one at a time
 * in order, then completed; aborted if the body fails, a part fails, or the subscriber
 * cancels, so that no half-written parts stay behind.
 */
final class MultipartUpload {

    private final S3AsyncClient client;
    private final String bucket;
    private final String key;
    private final String contentType;

    MultipartUpload(S3AsyncClient client, String bucket, String key, String contentType) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
    }

    Mono<Void> send(Flux<ContentCutter.Piece> parts) {
        return Mono.usingWhen(
                create(),
                uploadId -> uploadParts(uploadId, parts).flatMap(done -> complete(uploadId, done)),
                uploadId -> Mono.empty(),
                (uploadId, error) -> abort(uploadId),
                this::abort);
    }

    private Mono<String> create() {
        return Mono.fromFuture(() -> client.createMultipartUpload(
                        request -> request.bucket(bucket).key(key).contentType(contentType)))
                .map(CreateMultipartUploadResponse::uploadId);
    }

    private Mono<List<CompletedPart>> uploadParts(String uploadId, Flux<ContentCutter.Piece> parts) {
        return parts.index()
                // one part in flight: the next is filled meanwhile, and memory stays two parts
                .concatMap(
                        part -> uploadPart(
                                uploadId,
                                part.getT1().intValue() + 1,
                                part.getT2().data()),
                        1)
                .collectList();
    }

    private Mono<CompletedPart> uploadPart(String uploadId, int number, byte[] data) {
        return Mono.fromFuture(() -> client.uploadPart(
                        request -> request.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength((long) data.length),
                        AsyncRequestBody.fromBytes(data)))
                .map(response -> CompletedPart.builder()
                        .partNumber(number)
                        .eTag(response.eTag())
                        .build());
    }

    private Mono<Void> complete(String uploadId, List<CompletedPart> parts) {
        return Mono.fromFuture(() -> client.completeMultipartUpload(request -> request.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(parts))))
                .then();
    }

    private Mono<Void> abort(String uploadId) {
        return Mono.fromFuture(() -> client.abortMultipartUpload(
                        request -> request.bucket(bucket).key(key).uploadId(uploadId)))
                .then();
    }
}
