package io.jobstream.apikey;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for API keys (V25): created, read by public id on every use, listed, deleted to revoke. */
@Repository
class ApiKeyRepository {

    private static final String COLUMNS =
            "id, public_id, owner, name, scopes, key_hash, created_at, expires_at, last_used_at";

    private final DatabaseClient db;

    ApiKeyRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Stores a key unless its owner holds {@code max} already; empty then. The count and the
     * insert are one statement, so two creations at once may pass the limit by one each at most.
     */
    Mono<ApiKey> insert(String owner, KeyRequest request, String publicId, byte[] hash, int max) {
        return db.sql("insert into api_keys (id, public_id, owner, name, scopes, key_hash, expires_at)"
                        + " select :id, :public_id, :owner, :name, :scopes, :hash, :expires_at"
                        + " where (select count(*) from api_keys where owner = :owner) < :max"
                        + " returning " + COLUMNS)
                .bind("id", UUID.randomUUID())
                .bind("public_id", publicId)
                .bind("owner", owner)
                .bind("name", request.name())
                .bind("scopes", request.scopes().stream().sorted().toArray(String[]::new))
                .bind("hash", hash)
                .bind("expires_at", Parameter.fromOrEmpty(request.expiresAt(), Instant.class))
                .bind("max", max)
                .map(row -> toStored(row).key())
                .one();
    }

    /** The key with this public id, expired or not; empty if there is none (never created, or revoked). */
    Mono<StoredKey> find(String publicId) {
        return db.sql("select " + COLUMNS + " from api_keys where public_id = :public_id")
                .bind("public_id", publicId)
                .map(ApiKeyRepository::toStored)
                .one();
    }

    /** The owner's keys, newest first. */
    Flux<ApiKey> list(String owner) {
        return db.sql("select " + COLUMNS + " from api_keys where owner = :owner order by created_at desc, id")
                .bind("owner", owner)
                .map(row -> toStored(row).key())
                .all();
    }

    /** Deletes the owner's key; whether there was one. */
    Mono<Boolean> delete(String owner, UUID id) {
        return db.sql("delete from api_keys where id = :id and owner = :owner")
                .bind("id", id)
                .bind("owner", owner)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Records a use of these keys now, in one statement; a key whose last use is more recent than
     * {@code precision} keeps it, so another instance's write of the same minute is not repeated.
     */
    Mono<Long> recordUses(Collection<UUID> ids, Duration precision) {
        return db.sql(
                        "update api_keys set last_used_at = now() where id = any(:ids)"
                                + " and (last_used_at is null or last_used_at <= now() - :precision * interval '1 millisecond')")
                .bind("ids", ids.toArray(UUID[]::new))
                .bind("precision", precision.toMillis())
                .fetch()
                .rowsUpdated();
    }

    private static StoredKey toStored(Readable row) {
        String publicId = Objects.requireNonNull(row.get("public_id", String.class));
        String[] scopes = Objects.requireNonNull(row.get("scopes", String[].class));
        ApiKey key = new ApiKey(
                Objects.requireNonNull(row.get("id", UUID.class)),
                KeyMaterial.prefix(publicId),
                Objects.requireNonNull(row.get("name", String.class)),
                List.of(scopes),
                Objects.requireNonNull(row.get("created_at", Instant.class)),
                instant(row, "last_used_at"),
                instant(row, "expires_at"));
        byte[] hash = Objects.requireNonNull(row.get("key_hash", byte[].class));
        return new StoredKey(key, Objects.requireNonNull(row.get("owner", String.class)), hash);
    }

    private static @Nullable Instant instant(Readable row, String column) {
        return row.get(column, Instant.class);
    }
}
