package io.jobstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The outbox columns against real PostgreSQL, with jobs that are not due, so no relay or worker touches them. */
@JobstreamTest
class OutboxRepositoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Autowired
    OutboxRepository outbox;

    @Autowired
    DatabaseClient db;

    /**
     * A worker claiming a job holds its row; marking the published batch must not wait for
     * it (waiting deadlocked with batches of claims), and the claimed job needs no mark.
     */
    @Test
    void markingDispatchedSkipsJobsAnotherTransactionHolds() throws Exception {
        UUID held = aQueuedJobNotDue();
        UUID free = aQueuedJobNotDue();
        var database = TestInfrastructure.database();
        try (Connection other = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            other.setAutoCommit(false);
            try (var statement = other.prepareStatement("select 1 from jobs where id = ?::uuid for update")) {
                statement.setString(1, held.toString());
                statement.executeQuery().close();
            }

            outbox.markDispatched(List.of(held, free)).block(TIMEOUT);

            assertThat(dispatched(free)).isTrue();
            assertThat(dispatched(held)).isFalse();
            other.rollback();
        }
    }

    private UUID aQueuedJobNotDue() {
        UUID id = UUID.randomUUID();
        db.sql("insert into jobs (id, owner, type, status, payload, last_event_seq, created_at, updated_at, run_at)"
                        + " values (:id, 'outbox-test', 'demo', 'queued', '{\"stages\": 1}', 0, now(), now(),"
                        + " now() + interval '1 hour')")
                .bind("id", id)
                .then()
                .block(TIMEOUT);
        return id;
    }

    private boolean dispatched(UUID id) {
        return Boolean.TRUE.equals(db.sql("select dispatched_at is not null as dispatched from jobs where id = :id")
                .bind("id", id)
                .map(row -> row.get("dispatched", Boolean.class))
                .one()
                .block(TIMEOUT));
    }
}
