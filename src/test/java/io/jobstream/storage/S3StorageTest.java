package io.jobstream.storage;

import io.jobstream.support.TestInfrastructure;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract against a real S3-compatible server (s3proxy, in-process), through the
 * client the application builds: path-style addresses, checksums only when required.
 */
class S3StorageTest extends StorageContract {

    static S3Storage storage;

    @BeforeAll
    static void connect() {
        var server = TestInfrastructure.s3();
        var properties = new StorageProperties.S3(
                URI.create(server.endpoint()),
                server.region(),
                "storage-contract",
                server.accessKey(),
                server.secretKey(),
                true,
                true);
        storage = new S3Storage(StorageConfiguration.client(properties), "storage-contract", true);
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Override
    Storage storage() {
        return storage;
    }
}
