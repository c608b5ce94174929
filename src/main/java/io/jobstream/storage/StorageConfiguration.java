package io.jobstream.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The one {@link Storage} of the application, by {@code jobstream.storage.backend}. The S3
 * backend owns its client, which Spring closes with the context (the inferred
 * {@code close()} of {@link S3Storage}).
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    Storage storage(StorageProperties properties, StoredObjectRepository objects) {
        return switch (properties.backend()) {
            case POSTGRES -> new PostgresStorage(objects);
            case S3 -> s3(properties.s3());
        };
    }

    private static S3Storage s3(StorageProperties.S3 s3) {
        String bucket = s3.bucket();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(
                    "jobstream.storage.s3.bucket is required with jobstream.storage.backend=s3");
        }
        return new S3Storage(client(s3), bucket, s3.createBucket());
    }

    /**
     * Checksums only where the API requires them: the SDK's default trailing checksums are
     * refused (501) by s3proxy and fail on several non-AWS stores.
     */
    static S3AsyncClient client(StorageProperties.S3 s3) {
        var builder = S3AsyncClient.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .forcePathStyle(s3.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder());
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageProperties.S3 s3) {
        String accessKey = s3.accessKey();
        String secretKey = s3.secretKey();
        if (accessKey != null && secretKey != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
