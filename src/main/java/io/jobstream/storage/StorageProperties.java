package io.jobstream.storage;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.storage.*}: where files and artifacts are kept.
 *
 * @param backend {@code postgres} (the default: this service's database, nothing else to run)
 *     or {@code s3} (any S3-compatible object storage)
 * @param s3 the object storage, read when {@code backend} is {@code s3}
 * @param abandonedAfter with the {@code postgres} backend: how old a put that never finished
 *     (its instance died while it wrote) must be before its chunks are deleted; longer than
 *     the slowest upload or artifact write that may still be under way
 */
@Validated
@ConfigurationProperties("jobstream.storage")
record StorageProperties(
        @DefaultValue("postgres") Backend backend,
        @DefaultValue S3 s3,
        @DefaultValue("24h") Duration abandonedAfter) {

    enum Backend {
        POSTGRES,
        S3
    }

    /**
     * @param endpoint the store's URL, e.g. {@code http://minio:9000}; none for AWS S3 itself
     * @param region the signing region; S3-compatible stores mostly accept any
     * @param bucket where the objects go; required with the {@code s3} backend
     * @param accessKey with {@code secretKey}: static credentials; without them the SDK's
     *     default chain (environment, profile, instance or task role)
     * @param pathStyle {@code http://host/bucket/key} addresses, which MinIO, Ceph and most
     *     self-hosted stores need; false for virtual-hosted AWS-style addresses
     * @param createBucket create the bucket if it is missing (dev stacks and tests); leave
     *     off where buckets are provisioned with their policies
     */
    record S3(
            @Nullable URI endpoint,
            @DefaultValue("us-east-1") String region,
            @Nullable String bucket,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @DefaultValue("true") boolean pathStyle,
            @DefaultValue("false") boolean createBucket) {}
}
