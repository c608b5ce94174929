package io.jobstream.external;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code job_type_registrations}: one row per name, never deleted. Each change adds one to
 * its revision and is announced on {@code jobstream_job_types} by a trigger (V21), at commit.
 */
@Repository
class RegistrationRepository {

    private final DatabaseClient db;
    private final JsonMapper json;

    RegistrationRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Registers the type, or replaces its definition (and takes back a retirement): the row as it is now. */
    Mono<Registration> save(String name, JsonNode definition, String registeredBy) {
        return db.sql("""
                        insert into job_type_registrations as r
                            (name, definition, revision, registered_by, created_at, updated_at)
                        values (:name, :definition::jsonb, 1, :registered_by, now(), now())
                        on conflict (name) do update
                            set definition = excluded.definition, revision = r.revision + 1,
                                registered_by = excluded.registered_by, updated_at = now(), retired_at = null
                        returning *""")
                .bind("name", name)
                .bind("definition", json.writeValueAsString(definition))
                .bind("registered_by", registeredBy)
                .map(this::registration)
                .one();
    }

    /** Retires the type (once: retiring it again changes nothing); empty if it was never registered. */
    Mono<Registration> retire(String name) {
        return db.sql("""
                        update job_type_registrations
                        set retired_at = coalesce(retired_at, now()),
                            revision = revision + case when retired_at is null then 1 else 0 end,
                            updated_at = case when retired_at is null then now() else updated_at end
                        where name = :name
                        returning *""").bind("name", name).map(this::registration).one();
    }

    /** Every registration, retired ones too: a few dozen rows, read whole. */
    Flux<Registration> findAll() {
        return db.sql("select * from job_type_registrations")
                .map(this::registration)
                .all();
    }

    private Registration registration(Readable row) {
        return new Registration(
                row.get("name", String.class),
                json.readTree(row.get("definition", Json.class).asArray()),
                row.get("revision", Long.class),
                row.get("registered_by", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("retired_at", Instant.class));
    }
}
