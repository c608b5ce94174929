package io.jobstream.system;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields of every log line about one job: {@code job_id} and {@code owner}, as SLF4J
 * key-value pairs, which Spring Boot's structured logging ({@code logging.structured.format.console}
 * {@code ecs} or {@code logstash}) writes as JSON fields. Key-values rather than the MDC: a job's
 * work hops between threads (Reactor's, Netty's, Kafka's), where an MDC set elsewhere is not, and
 * a key-value travels with the line itself. {@code LoggingEventBuilder} is SLF4J's fluent API:
 * {@code about(log.atWarn(), job.id(), job.owner()).log("…", args)}.
 */
public final class JobLogFields {

    public static final String JOB_ID = "job_id";
    public static final String OWNER = "owner";

    private JobLogFields() {}

    /** {@code line} with the job's id and, when known, its owner. */
    public static LoggingEventBuilder about(LoggingEventBuilder line, UUID jobId, @Nullable String owner) {
        LoggingEventBuilder withId = line.addKeyValue(JOB_ID, jobId);
        return owner == null ? withId : withId.addKeyValue(OWNER, owner);
    }
}
