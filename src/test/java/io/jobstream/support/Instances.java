package io.jobstream.support;

import io.jobstream.JobstreamApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * For tests with several instances: which instance holds a job, a job that runs on a given
 * one, and a second instance in a JVM of its own, which a test can kill.
 */
public final class Instances {

    private Instances() {}

    /** The instance that holds the job now, if it is running. */
    public static Optional<String> holder(DatabaseClient db, String jobId) {
        return db.sql("select claimed_by from jobs where id = :id")
                .bind("id", UUID.fromString(jobId))
                .map(row -> Optional.ofNullable(row.get("claimed_by", String.class)))
                .one()
                .block(Duration.ofSeconds(5));
    }

    /**
     * Submits long {@code demo} jobs until one runs on {@code instance} and cancels the others;
     * fails after {@code patience}, or at once when {@code trouble} says why the instance cannot
     * take jobs.
     */
    public static String aJobRunningOn(
            DatabaseClient db,
            ApiClient client,
            String instance,
            Map<String, ?> payload,
            Duration patience,
            Supplier<Optional<String>> trouble) {
        return aJobRunningOn(db, client, instance, "demo", payload, patience, trouble);
    }

    /** As {@link #aJobRunningOn(DatabaseClient, ApiClient, String, Map, Duration, Supplier)}, with jobs of {@code type}. */
    public static String aJobRunningOn(
            DatabaseClient db,
            ApiClient client,
            String instance,
            String type,
            Map<String, ?> payload,
            Duration patience,
            Supplier<Optional<String>> trouble) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            trouble.get().ifPresent(why -> {
                throw new AssertionError(instance + " cannot take jobs: " + why);
            });
            String id = client.submit(type, payload).get("id").asString();
            client.awaitStatus(id, "processing");
            if (holder(db, id).filter(instance::equals).isPresent()) {
                return id;
            }
            client.cancel(id);
        }
        throw new AssertionError("no job landed on " + instance + " within " + patience);
    }

    /**
     * A second instance in its own JVM, on this JVM's class path and test services, with a
     * short lease; its output goes to {@code output}. {@link Process#destroyForcibly()} is a crash.
     */
    public static Process startProcess(String instanceId, Path output) throws IOException {
        return startProcess(instanceId, output, Map.of());
    }

    /** As {@link #startProcess(String, Path)}, with {@code more} properties (or other values of them). */
    public static Process startProcess(String instanceId, Path output, Map<String, String> more) throws IOException {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.applicationProperties());
        properties.put("server.port", "0");
        properties.put("jobstream.execution.instance-id", instanceId);
        properties.put("jobstream.execution.lease", "3s");
        properties.put("jobstream.kafka.session-timeout", "6s");
        properties.putAll(more);
        return startProcess(properties, "256m", output);
    }

    /**
     * An instance in its own JVM with at most {@code maxHeap} of heap (which it does not outlive:
     * it exits on {@link OutOfMemoryError}), on this JVM's class path, configured by
     * {@code properties}; its output goes to {@code output}.
     */
    public static Process startProcess(Map<String, String> properties, String maxHeap, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                JobstreamApplication.class.getName(),
                "--logging.level.root=warn"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /** What a process started by {@link #startProcess} wrote, for a failure message. */
    public static String output(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
