package io.jobstream.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.JobStatus;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code export} end to end: the owner's jobs by filter as CSV and JSON Lines, and a parse job's chunks. */
@JobstreamTest
class ExportJobTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @LocalServerPort
    int port;

    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void clients() {
        alice = ApiClient.as("export-" + UUID.randomUUID(), port);
        bob = ApiClient.as("export-" + UUID.randomUUID(), port);
    }

    @Test
    void theOwnersJobsOfAStatusAreExportedAsCsvAndAllOfThemAsJsonLines() {
        List<String> completed = IntStream.range(0, 12)
                .mapToObj(
                        i -> alice.submit("demo", Map.of("stages", 1)).get("id").asString())
                .toList();
        String failed = alice.submit("demo", Map.of("stages", 1, "fail_at_stage", 1, "error_code", "VALIDATION_ERROR"))
                .get("id")
                .asString();
        String bobs = bob.submit("demo", Map.of("stages", 1)).get("id").asString();
        completed.forEach(id -> alice.awaitStatus(id, "completed"));
        alice.awaitStatus(failed, "failed");
        bob.awaitStatus(bobs, "completed");

        String csvExport = export(Map.of("format", "csv", "status", List.of("completed"), "type", "demo"));
        List<String> csv = alice.artifact(csvExport, "export.csv").lines().toList();

        assertThat(csv.getFirst()).startsWith("id,type,status,progress_percent,stage,error_code");
        assertThat(csv.subList(1, csv.size()))
                .extracting(line -> line.split(",")[0])
                .containsExactlyElementsOf(completed);
        assertThat(csv.subList(1, csv.size())).allMatch(line -> line.split(",")[2].equals("completed"));

        String jsonlExport = export(Map.of("format", "jsonl"));
        List<JsonNode> all = new ArrayList<>();
        alice.artifact(jsonlExport, "export.jsonl").lines().forEach(line -> all.add(JSON.readTree(line)));

        // the owner's jobs, oldest first: the twelve, the failed one, then the first export itself
        assertThat(all).extracting(job -> job.get("id").asString()).startsWith(completed.toArray(String[]::new));
        assertThat(all)
                .extracting(job -> job.get("id").asString())
                .contains(failed, csvExport)
                .doesNotContain(bobs);
        JsonNode failure = all.stream()
                .filter(job -> job.get("id").asString().equals(failed))
                .findFirst()
                .orElseThrow();
        assertThat(failure.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(failure.get("payload").get("fail_at_stage").asInt()).isEqualTo(1);
    }

    @Test
    void theChunksOfAParseJobAreExportedAndAnotherUsersJobIsNoSource() {
        String text = "First paragraph about exports.\n\nSecond paragraph, with a comma.";
        String parse = alice.submit(
                        "parse",
                        Map.of(
                                "documents",
                                List.of(Map.of(
                                        "content_base64",
                                        Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
                                        "filename",
                                        "notes.txt"))))
                .get("id")
                .asString();
        alice.awaitStatus(parse, "completed", PATIENCE);

        String id = export(Map.of("format", "jsonl", "source_job_id", parse));
        List<String> lines = alice.artifact(id, "export.jsonl").lines().toList();

        assertThat(lines).hasSize(1);
        assertThat(JSON.readTree(lines.getFirst()).get("text").asString()).isEqualTo(text);

        String stolen = bob.submit("export", Map.of("format", "csv", "source_job_id", parse))
                .get("id")
                .asString();
        JsonNode refused = bob.awaitStatus(stolen, "failed", PATIENCE);
        assertThat(refused.get("error").asString()).isEqualTo("source_job_id: no job " + parse);
    }

    @Test
    void theStatusFilterNamesEveryJobStatus() {
        List<String> schema = new ArrayList<>();
        alice.getJson("/api/job-types/export")
                .get("payload_schema")
                .get("properties")
                .get("status")
                .get("items")
                .get("enum")
                .forEach(status -> schema.add(status.asString()));

        assertThat(schema)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(JobStatus.values())
                        .map(JobStatus::wireName)
                        .toList());
    }

    private String export(Map<String, ?> payload) {
        String id = alice.submit("export", payload).get("id").asString();
        alice.awaitStatus(id, "completed", PATIENCE);
        return id;
    }
}
