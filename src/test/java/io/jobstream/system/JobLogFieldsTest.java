package io.jobstream.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A log line about a job, as Spring Boot's structured logging writes it
 * ({@code logging.structured.format.console=ecs} or {@code logstash}): one JSON object with the
 * job's {@code job_id} and {@code owner} as fields, beside the message. Logback and Boot's own
 * encoder, in a logger context of this test's (the application's is shared by every test).
 */
class JobLogFieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ecs", "logstash"})
    void aLineAboutAJobHasItsIdAndOwnerAsJsonFields(String format) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putObject(
                Environment.class.getName(),
                new MockEnvironment().withProperty("spring.application.name", "jobstream"));
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(context);
        lines.start();
        Logger log = context.getLogger("io.jobstream.execution.JobWorker");
        log.addAppender(lines);
        UUID jobId = UUID.randomUUID();

        JobLogFields.about(log.atWarn(), jobId, "alice")
                .log("Could not renew the lease of job {}: {}", jobId, "connection refused");
        JobLogFields.about(log.atWarn(), jobId, null).log("Could not run job {}", jobId);

        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        JsonNode line = JSON.readTree(new String(encoder.encode(lines.list.get(0)), StandardCharsets.UTF_8));
        assertThat(line.get("job_id").asString()).isEqualTo(jobId.toString());
        assertThat(line.get("owner").asString()).isEqualTo("alice");
        assertThat(line.toString()).contains("Could not renew the lease of job " + jobId + ": connection refused");

        JsonNode withoutOwner = JSON.readTree(new String(encoder.encode(lines.list.get(1)), StandardCharsets.UTF_8));
        assertThat(withoutOwner.get("job_id").asString()).isEqualTo(jobId.toString());
        assertThat(withoutOwner.has("owner")).isFalse();
        context.stop();
    }
}
