package io.jobstream.storage;

import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Creates the bucket when {@code jobstream.storage.s3.create-bucket} asks for it (a dev stack's
 * MinIO, the tests' s3proxy); production buckets are made by whoever owns the account, with
 * its policies, and this is left off.
 */
final class S3Bucket {

    private final S3AsyncClient client;
    private final String bucket;

    S3Bucket(S3AsyncClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** True once the bucket exists, made now or before. */
    Mono<Boolean> createIfMissing() {
        return Mono.fromFuture(() -> client.headBucket(request -> request.bucket(bucket)))
                .thenReturn(true)
                .onErrorResume(S3Bucket::missing, missing -> create());
    }

    private Mono<Boolean> create() {
        return Mono.fromFuture(() -> client.createBucket(request -> request.bucket(bucket)))
                .thenReturn(true)
                // another instance made it meanwhile
                .onErrorResume(S3Bucket::alreadyThere, mine -> Mono.just(true));
    }

    private static boolean missing(Throwable error) {
        return error instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private static boolean alreadyThere(Throwable error) {
        return error instanceof S3Exception s3 && s3.statusCode() == 409;
    }
}
