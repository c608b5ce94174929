package io.jobstream.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The lines of an import may be delayed jobs, checked as {@code POST /api/jobs} checks them. */
@JobstreamTest
class DelayedImportTest {

    @LocalServerPort
    int port;

    @Test
    void lineWithADelayWaitsForItAndABadDelayIsRefusedOnItsOwn() {
        ApiClient alice = ApiClient.as("import-" + UUID.randomUUID(), port);
        Imports imports = new Imports(alice);
        String file = imports.upload("delayed.jsonl", """
                {"type": "demo", "payload": {"stages": 1}, "delay": "2s"}
                {"type": "demo", "payload": {"stages": 1}, "delay": "forever"}
                """);

        JsonNode result = alice.awaitStatus(imports.submit(file), "completed").get("result");

        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(Imports.fields(result.get("refused_lines").get(0))).containsExactly("delay");
        JsonNode job = alice.getJson(
                        "/api/jobs?batch_id={id}", result.get("batch_id").asString())
                .get("jobs")
                .get(0);
        assertThat(job.get("status").asString()).isEqualTo("queued");
        Instant runAt = Instant.parse(job.get("run_at").asString());
        assertThat(runAt)
                .isEqualTo(Instant.parse(job.get("created_at").asString()).plusSeconds(2));
        JsonNode done = alice.awaitStatus(job.get("id").asString(), "completed");
        Instant startedAt = Instant.parse(done.get("started_at").asString());
        assertThat(startedAt).isAfterOrEqualTo(runAt);
        assertThat(Duration.between(runAt, startedAt)).isLessThan(Duration.ofSeconds(1));
    }
}
