package io.jobstream.dispatch;

import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The outbox columns of the jobs table: which jobs have had their start command published. */
@Repository
class OutboxRepository {

    private final DatabaseClient db;

    OutboxRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> markDispatched(List<UUID> jobIds) {
        return db.sql("update jobs set dispatched_at = now() where id = any(:ids)")
                .bind("ids", jobIds.toArray(UUID[]::new))
                .then();
    }
}
