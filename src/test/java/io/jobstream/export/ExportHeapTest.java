package io.jobstream.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code export} of 100,000 jobs by an instance in its own JVM with a 128 MB heap, which it
 * does not survive running out of: the exported file is larger than that heap, so an export
 * that held its rows, or its file, would fail. The instance has its own database (the jobs are
 * written there directly, as finished jobs) and its own topics, so no other context sees them.
 * Also a cancel part-way through such an export.
 */
class ExportHeapTest {

    private static final int JOBS = 100_000;
    private static final String MAX_HEAP = "128m";
    private static final long HEAP_BYTES = 128L * 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private static Process instance;
    private static Path output;
    private static ApiClient owner;
    private static int port;

    @BeforeAll
    static void anInstanceWithASmallHeapAndAHundredThousandJobs() throws Exception {
        TestInfrastructure.Database database = TestInfrastructure.separateDatabase("export_heap_tests");
        port = freePort();
        Map<String, String> properties = new HashMap<>(TestInfrastructure.applicationProperties(database));
        properties.put("server.port", Integer.toString(port));
        properties.put("jobstream.kafka.commands-topic", "export-heap.commands");
        properties.put("jobstream.kafka.worker-group", "export-heap-workers");
        properties.put("jobstream.kafka.submissions-topic", "export-heap.submissions");
        properties.put("jobstream.kafka.dead-letter-topic", "export-heap.submissions.dlt");
        properties.put("jobstream.kafka.intake-group", "export-heap-intake");
        properties.put("jobstream.kafka.events-topic", "export-heap.events");
        output = Files.createTempFile("jobstream-export-heap", ".log");
        instance = Instances.startProcess(properties, MAX_HEAP, output);
        owner = ApiClient.as("export-heap-" + UUID.randomUUID(), port);
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .failFast(ExportHeapTest::instanceAlive)
                .until(() -> owner.getJson("/api/job-types/export").has("payload_schema"));
        storeFinishedJobs(database, owner.subject());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (instance != null) {
            instance.destroyForcibly().waitFor();
        }
    }

    @Test
    void aHundredThousandJobsExportWithinAHeapSmallerThanTheFile() {
        String id = owner.submit("export", Map.of("format", "jsonl", "status", List.of("completed"), "type", "demo"))
                .get("id")
                .asString();
        awaitFinished(id);

        assertThat(owner.get(id).get("status").asString())
                .as("the export; the instance's output:\n%s", tail())
                .isEqualTo("completed");
        JsonNode artifact =
                owner.getJson("/api/jobs/{id}/artifacts", id).get("artifacts").get(0);
        assertThat(artifact.get("name").asString()).isEqualTo("export.jsonl");
        assertThat(artifact.get("bytes").asLong()).isGreaterThan(HEAP_BYTES);
        assertThat(lines(id, "export.jsonl")).isEqualTo(JOBS);
        assertThat(instance.isAlive()).isTrue();
    }

    @Test
    void anExportCancelledPartWayStopsAndKeepsNoFile() {
        String id = owner.submit("export", Map.of("format", "csv")).get("id").asString();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> owner.get(id).at("/progress/message").asString("").endsWith("rows exported"));

        owner.cancel(id);

        owner.awaitStatus(id, "cancelled", Duration.ofSeconds(10));
        assertThat(owner.getJson("/api/jobs/{id}/artifacts", id).get("artifacts"))
                .isEmpty();
    }

    private static void awaitFinished(String id) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .failFast(ExportHeapTest::instanceAlive)
                .until(() -> owner.get(id).get("status").asString().matches("completed|failed"));
    }

    /** The lines of an artifact, counted as it streams in: it is too large to hold here as text. */
    private static long lines(String id, String name) {
        AtomicLong newlines = new AtomicLong();
        WebClient.create("http://localhost:" + port)
                .get()
                .uri("/api/jobs/{id}/artifacts/{name}", id, name)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + owner.token())
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .doOnNext(buffer -> {
                    for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
                        if (buffer.getByte(i) == '\n') {
                            newlines.incrementAndGet();
                        }
                    }
                    DataBufferUtils.release(buffer);
                })
                .blockLast(PATIENCE);
        return newlines.get();
    }

    /**
     * 100,000 completed demo jobs of about 1.2 KB of payload each, written in one statement: the
     * API would take minutes to run them, and the export reads only the table.
     */
    private static void storeFinishedJobs(TestInfrastructure.Database database, String subject) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            // the database is this test's own: what an earlier run left goes
            statement.execute("truncate jobs cascade");
            statement.execute("""
                    insert into jobs (id, owner, type, status, payload, result, progress_percent, attempts,
                                      created_at, updated_at, started_at, completed_at, run_at, dispatched_at,
                                      result_type)
                    select gen_random_uuid(), '%s', 'demo', 'completed',
                           jsonb_build_object('stages', 1, 'note', repeat(md5(i::text), 36)),
                           '{"stages_completed": 1}', 100, 1,
                           t, t, t, t, t, t, 'json'
                    from generate_series(1, %d) as i,
                         lateral (select now() - interval '1 day' + i * interval '1 ms' as t) as at
                    """.formatted(subject, JOBS));
        }
    }

    private static void instanceAlive() {
        if (!instance.isAlive()) {
            throw new AssertionError("the instance ended; its output:\n" + tail());
        }
    }

    private static String tail() {
        String text = Instances.output(output);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
