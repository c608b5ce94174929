package io.jobstream.execution;

import io.jobstream.support.ApiClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;

/** For tests with several instances: which instance holds a job, and a job that runs on a given one. */
final class Instances {

    private Instances() {}

    /** The instance that holds the job now, if it is running. */
    static Optional<String> holder(DatabaseClient db, String jobId) {
        return db.sql("select claimed_by from jobs where id = :id")
                .bind("id", UUID.fromString(jobId))
                .map(row -> Optional.ofNullable(row.get("claimed_by", String.class)))
                .one()
                .block(Duration.ofSeconds(5));
    }

    /**
     * Submits long jobs until one runs on {@code instance} and cancels the others; fails after
     * {@code patience}, or at once when {@code trouble} says why the instance cannot take jobs.
     */
    static String aJobRunningOn(
            DatabaseClient db,
            ApiClient client,
            String instance,
            Map<String, ?> payload,
            Duration patience,
            Supplier<Optional<String>> trouble) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            trouble.get().ifPresent(why -> {
                throw new AssertionError(instance + " cannot take jobs: " + why);
            });
            String id = client.submit("demo", payload).get("id").asString();
            client.awaitStatus(id, "processing");
            if (holder(db, id).filter(instance::equals).isPresent()) {
                return id;
            }
            client.cancel(id);
        }
        throw new AssertionError("no job landed on " + instance + " within " + patience);
    }
}
