package io.jobstream.job;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rows of {@code jobs} and {@code job_events} as objects, and objects as parameters: the one
 * mapping between the job store's tables and the model. Readers of the event log outside
 * this package (the streams) map its rows with {@link #event}.
 */
@Component
public final class JobRows {

    private final JsonMapper json;

    JobRows(JsonMapper json) {
        this.json = json;
    }

    Job job(Readable row) {
        return new Job(
                row.get("id", UUID.class),
                row.get("owner", String.class),
                row.get("type", String.class),
                JobStatus.fromWireName(row.get("status", String.class)),
                fromJson(row.get("payload", Json.class)),
                fromJson(row.get("result", Json.class)),
                row.get("result_type", String.class),
                row.get("error", String.class),
                row.get("error_code", String.class),
                new Progress(
                        row.get("progress_percent", Integer.class),
                        row.get("progress_stage", String.class),
                        row.get("progress_message", String.class)),
                row.get("retry_count", Integer.class),
                row.get("attempts", Integer.class),
                row.get("last_event_seq", Integer.class),
                row.get("batch_id", UUID.class),
                row.get("original_job_id", UUID.class),
                documents(row),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("started_at", Instant.class),
                row.get("completed_at", Instant.class),
                Webhook.fromJson(fromJson(row.get("webhook", Json.class))),
                row.get("run_at", Instant.class),
                row.get("traceparent", String.class));
    }

    /** The document counts of a job row or an event row (the same columns in both). */
    private static Job.Documents documents(Readable row) {
        return new Job.Documents(
                row.get("total_documents", Integer.class),
                row.get("processed_count", Integer.class),
                row.get("failed_count", Integer.class));
    }

    /** A row with the columns of {@code job_events}. */
    public static JobEvent event(Readable row) {
        return new JobEvent(
                row.get("job_id", UUID.class),
                row.get("seq", Integer.class),
                EventKind.fromWireName(row.get("kind", String.class)),
                JobStatus.fromWireName(row.get("status", String.class)),
                new Progress(
                        row.get("percent", Integer.class),
                        row.get("stage", String.class),
                        row.get("message", String.class)),
                row.get("error_code", String.class),
                documents(row),
                row.get("created_at", Instant.class));
    }

    /**
     * A lateral join after an {@code unnest} aliased {@code j} with the columns {@code at} and
     * {@code delay} ({@link #newJobs}): {@code due.run_at}, when the new job may start: the
     * database's now, or later if it was scheduled ({@link Schedule}). Ends its line.
     */
    static final String DUE =
            "cross join lateral (select greatest(now(), coalesce(j.at, now() + j.delay * interval '1 millisecond'))"
                    + " as run_at) as due\n";

    /**
     * Binds what every new job has, one array each: {@code :ids}, {@code :types}, {@code :externals},
     * {@code :payloads}, {@code :result_types}, {@code :webhooks}, {@code :run_ats} (text, for
     * {@code ::timestamptz[]}), {@code :delays} (milliseconds) and {@code :traceparents}; and {@code :new_status}
     * and {@code :kind}, the status and first event of a new job.
     */
    GenericExecuteSpec newJobs(GenericExecuteSpec spec, List<NewJob> jobs) {
        return spec.bind("ids", jobs.stream().map(NewJob::id).toArray(UUID[]::new))
                .bind("traceparents", jobs.stream().map(NewJob::traceparent).toArray(String[]::new))
                .bind("types", jobs.stream().map(NewJob::type).toArray(String[]::new))
                .bind("externals", jobs.stream().map(NewJob::external).toArray(Boolean[]::new))
                .bind("payloads", jobs.stream().map(job -> text(job.payload())).toArray(String[]::new))
                .bind("result_types", jobs.stream().map(NewJob::resultType).toArray(String[]::new))
                .bind(
                        "webhooks",
                        jobs.stream()
                                .map(job -> job.webhook() == null
                                        ? null
                                        : text(job.webhook().toJson()))
                                .toArray(String[]::new))
                .bind(
                        "run_ats",
                        jobs.stream()
                                .map(job -> job.schedule().at() == null
                                        ? null
                                        : job.schedule().at().toString())
                                .toArray(String[]::new))
                .bind(
                        "delays",
                        jobs.stream()
                                .map(job -> job.schedule().delay() == null
                                        ? null
                                        : job.schedule().delay().toMillis())
                                .toArray(Long[]::new))
                .bind("new_status", Transition.SUBMIT.to().wireName())
                .bind("kind", Transition.SUBMIT.kind().wireName());
    }

    /** JSON as text, for a {@code ::jsonb} parameter; null stays null. */
    @Nullable
    String text(@Nullable JsonNode node) {
        return node == null ? null : json.writeValueAsString(node);
    }

    @Nullable
    JsonNode fromJson(@Nullable Json value) {
        return value == null ? null : json.readTree(value.asArray());
    }
}
