package io.jobstream.bench;

import io.jobstream.support.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --retention-seed=N}: after the warm-up, N more demo jobs are run, the footprint of a
 * finished job is measured (rows and bytes per job in the tables that hang off it), and every
 * job finished so far is made ten days old, so that the retention cleaner (if on) deletes them
 * while the measured parts run. Afterwards: how many were still there when the measured parts
 * began and ended, and how fast the cleaner went once it was done.
 */
final class RetentionSeed {

    private static final List<String> TABLES =
            List.of("jobs", "job_events", "job_checkpoints", "webhook_deliveries", "job_artifacts");
    private static final String AGED = "select count(*) from jobs where completed_at < now() - interval '5 days'";

    private final TestInfrastructure.Database database;
    private long agedNanos;
    private long aged;

    RetentionSeed(TestInfrastructure.Database database) {
        this.database = database;
    }

    /** Rows and bytes (heap, indexes, TOAST) per finished job, after a vacuum of each table. */
    Map<String, Object> footprint() throws SQLException {
        Map<String, Object> perJob = new LinkedHashMap<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("vacuum analyze " + table);
            }
            double jobs = single(statement, "select count(*) from jobs");
            perJob.put("jobs", (long) jobs);
            for (String table : TABLES) {
                double rows = single(statement, "select count(*) from " + table);
                double bytes = single(statement, "select pg_total_relation_size('" + table + "')");
                perJob.put(
                        table, Map.of("rows_per_job", round(rows / jobs), "bytes_per_job", Math.round(bytes / jobs)));
            }
        }
        System.out.println("footprint of finished demo jobs: " + perJob);
        return perJob;
    }

    /** Moves the finish of every finished job ten days back. */
    void ageFinished() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            aged = statement.executeUpdate(
                    "update jobs set completed_at = completed_at - interval '10 days' where completed_at is not null");
        }
        agedNanos = System.nanoTime();
        System.out.printf("%d finished jobs made ten days old%n", aged);
    }

    /** How many of the aged jobs are left now. */
    long left() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            return (long) single(statement, AGED);
        }
    }

    /** Waits (up to five minutes) for the cleaner to have deleted every aged job; its pace. */
    Map<String, Object> finish(long leftAtStart, long leftAtEnd) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("aged_jobs", aged);
        result.put("left_when_measuring_began", leftAtStart);
        result.put("left_when_measuring_ended", leftAtEnd);
        // none deleted while measuring: retention is off, nothing to wait for
        long deadline = leftAtEnd == leftAtStart ? System.nanoTime() : System.nanoTime() + 300_000_000_000L;
        long left = left();
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = left();
        }
        double seconds = (System.nanoTime() - agedNanos) / 1e9;
        result.put("left_at_the_end", left);
        result.put("seconds_from_aging", round(seconds));
        result.put("jobs_deleted_per_second", Math.round((aged - left) / seconds));
        System.out.println("retention while measuring: " + result);
        return result;
    }

    private static double single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getDouble(1);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
