package io.jobstream.storage;

import io.jobstream.support.StoreTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The storage contract against the default backend, on the real test PostgreSQL (V13). */
@StoreTest
class PostgresStorageTest extends StorageContract {

    @Autowired
    Storage storage;

    @Override
    Storage storage() {
        return storage;
    }

    @org.junit.jupiter.api.Test
    void theDefaultBackendIsPostgres() {
        org.assertj.core.api.Assertions.assertThat(storage).isInstanceOf(PostgresStorage.class);
    }
}
