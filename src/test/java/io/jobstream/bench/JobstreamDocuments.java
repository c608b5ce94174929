package io.jobstream.bench;

import io.jobstream.support.TestInfrastructure;
import io.jobstream.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The document benchmark's client of jobstream, through the real API as a user: uploads
 * ({@code POST /api/files}), {@code parse} jobs ({@code POST /api/jobs}), and their documents;
 * it reads the jobs' times (created, started, each stage's first event, completed) from the
 * database, where the service stamps them, so a figure does not depend on how often it looks.
 */
final class JobstreamDocuments implements AutoCloseable {

    private static final Duration JOB_LIMIT = Duration.ofMinutes(15);

    private final WebClient http;
    /** One connection for all the looking: a new one per look would load the database being measured. */
    private final Connection database;

    JobstreamDocuments(int port, TestInfrastructure.Database database) throws SQLException {
        this.database = database.connect();
        this.http = WebClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.forUser("bench-documents-" + UUID.randomUUID()))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
    }

    /** Uploads a file (raw body); its id. */
    String upload(Path file) throws Exception {
        JsonNode answer = http.post()
                .uri("/api/files?filename={name}", file.getFileName().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(Files.readAllBytes(file))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofMinutes(2));
        return answer.get("files").get(0).get("id").asString();
    }

    /** Whether this instance can OCR ({@code GET /api/job-types/parse}, its capabilities). */
    boolean ocrAvailable() {
        JsonNode type = http.get()
                .uri("/api/job-types/parse")
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(30));
        return type.path("capabilities").path("ocr").path("available").asBoolean(false);
    }

    /** Submits one {@code parse} job of one uploaded file; its id. */
    String submit(String fileId, String extractionMethod, boolean embed) {
        Map<String, Object> payload = Map.of(
                "documents", List.of(Map.of("file_id", fileId)), "extraction_method", extractionMethod, "embed", embed);
        return http.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "parse", "payload", payload))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(30))
                .get("id")
                .asString();
    }

    /** Submits {@code count} such jobs at once (concurrent requests); their ids. */
    List<String> submitAll(int count, String fileId, String extractionMethod) {
        return Flux.range(0, count)
                .flatMap(i -> reactor.core.publisher.Mono.fromCallable(() -> submit(fileId, extractionMethod, false))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .collectList()
                .block(Duration.ofMinutes(1));
    }

    /** Waits for the job to complete; fails the benchmark if it failed. */
    JobTimes await(String id) throws Exception {
        long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            String status = status(id);
            if (status.equals("completed")) {
                return times(id);
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                throw new IllegalStateException("parse job " + id + " ended " + status + ": " + error(id));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("parse job " + id + " did not complete within " + JOB_LIMIT);
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }

    /** The characters the job's one document gave, page by page summed ({@code GET /api/jobs/{id}/documents}). */
    long characters(String id) {
        JsonNode documents = http.get()
                .uri("/api/jobs/{id}/documents", id)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(30))
                .get("documents");
        long characters = 0;
        for (JsonNode page : documents.get(0).path("pages")) {
            characters += page.path("characters").asLong();
        }
        return characters;
    }

    /** The chunks of the job's one document. */
    int chunkCount(String id) {
        return http.get()
                .uri("/api/jobs/{id}/documents", id)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(30))
                .get("documents")
                .get(0)
                .path("chunk_count")
                .asInt();
    }

    /**
     * When a job was created, started, completed, and when each stage had its first event
     * (epoch seconds, the database's clock), in the order the stages began.
     */
    record JobTimes(double created, double started, double completed, Map<String, Double> stageStarts) {

        double seconds() {
            return completed - created;
        }

        /** Milliseconds: waiting to start, then each stage to the next one's first event (the last to completion). */
        Map<String, Double> breakdown() {
            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("queued", (started - created) * 1000);
            List<Map.Entry<String, Double>> stages = new ArrayList<>(stageStarts.entrySet());
            for (int i = 0; i < stages.size(); i++) {
                double end = i + 1 < stages.size() ? stages.get(i + 1).getValue() : completed;
                phases.put(stages.get(i).getKey(), (end - stages.get(i).getValue()) * 1000);
            }
            return phases;
        }
    }

    private synchronized JobTimes times(String id) throws SQLException {
        double[] job = new double[3];
        try (PreparedStatement statement =
                database.prepareStatement("select extract(epoch from created_at), extract(epoch from started_at),"
                        + " extract(epoch from completed_at) from jobs where id = ?::uuid")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                for (int c = 0; c < 3; c++) {
                    job[c] = row.getDouble(c + 1);
                }
            }
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        try (PreparedStatement statement =
                database.prepareStatement("select stage, extract(epoch from min(created_at)) as first from job_events"
                        + " where job_id = ?::uuid and stage is not null group by stage order by first")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stages.put(rows.getString(1), rows.getDouble(2));
                }
            }
        }
        return new JobTimes(job[0], job[1], job[2], stages);
    }

    private String status(String id) throws SQLException {
        return text("select status from jobs where id = ?::uuid", id);
    }

    private String error(String id) throws SQLException {
        return text("select coalesce(error_code, '') || ' ' || coalesce(error, '') from jobs where id = ?::uuid", id);
    }

    private synchronized String text(String sql, String id) throws SQLException {
        try (PreparedStatement statement = database.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        }
    }
}
