package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.StoreTest;
import io.jobstream.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What the schema itself holds, whatever a statement tries: the lifecycle's constraints,
 * and the event trigger's plans. Raw SQL on purpose: these are the statements the store's
 * own code never makes.
 */
@StoreTest
class JobSchemaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    SubmissionRepository submissions;

    @Autowired
    DatabaseClient db;

    private Job aQueuedJob() {
        return submissions.insertAll(List.of(NewJobs.demo().build()), false).blockLast(TIMEOUT);
    }

    @Test
    void schemaRejectsAStatusOutsideTheLifecycle() {
        Job job = aQueuedJob();

        Mono<Long> update = db.sql("update jobs set status = 'paused' where id = :id")
                .bind("id", job.id())
                .fetch()
                .rowsUpdated();

        StepVerifier.create(update)
                .expectError(DataIntegrityViolationException.class)
                .verify(TIMEOUT);
    }

    @Test
    void schemaRejectsAFailedJobWithoutErrorCode() {
        Job job = aQueuedJob();

        Mono<Long> update = db.sql("update jobs set status = 'failed', completed_at = now() where id = :id")
                .bind("id", job.id())
                .fetch()
                .rowsUpdated();

        StepVerifier.create(update)
                .expectError(DataIntegrityViolationException.class)
                .verify(TIMEOUT);
    }

    /**
     * Every statement that writes events looks their jobs up (announcements, webhook
     * deliveries). PL/pgSQL plans that lookup once per connection; planned for the 1,000 events
     * of a batch, a join would scan the whole jobs table, then again for every small statement
     * after it on that connection. Neither statement may scan it. (Rolled back: nothing stays.)
     */
    @Test
    void writingEventsLooksTheirJobsUpByIdAlsoAfterABatchOnTheSameConnection() throws Exception {
        try (Connection connection =
                TestInfrastructure.separateDatabase(StoreTest.DATABASE).connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        create temporary table batch on commit drop as
                        select gen_random_uuid() as id from generate_series(1, 1000)""");
                statement.execute("""
                        insert into jobs (id, owner, type, status, payload, last_event_seq, created_at, updated_at,
                                          run_at, dispatched_at)
                        select id, 'repo-test', 'demo', 'queued', '{"stages": 1}', 1, now(), now(), now(), now()
                        from batch""");
                long before = jobsScanned(statement);

                statement.execute("""
                        insert into job_events (job_id, seq, kind, status, percent, created_at)
                        select id, 1, 'queued', 'queued', 0, now() from batch""");
                statement.execute("""
                        insert into job_events (job_id, seq, kind, status, percent, created_at)
                        select id, 2, 'started', 'processing', 0, now() from batch limit 16""");

                assertThat(jobsScanned(statement)).isEqualTo(before);
            } finally {
                connection.rollback();
            }
        }
    }

    /** Whole-table scans of jobs in this connection's transaction so far. */
    private static long jobsScanned(Statement statement) throws Exception {
        try (ResultSet rows =
                statement.executeQuery("select seq_scan from pg_stat_xact_user_tables where relname = 'jobs'")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
