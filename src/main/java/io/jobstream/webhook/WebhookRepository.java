package io.jobstream.webhook;

import io.jobstream.job.EventKind;
import io.jobstream.job.Progress;
import io.r2dbc.spi.Readable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for webhook deliveries and their attempts (the secrets are {@link WebhookSecretRepository}'s). Deliveries are created by a trigger
 * on {@code job_events} (V4), never here. A delivery is sent by the instance that claimed it:
 * the claim is committed before sending and holds it for a lease, and every write of an
 * attempt names the claim ({@code attempts}), so an instance that lost its claim writes nothing.
 */
@Repository
class WebhookRepository {

    private final DatabaseClient db;

    WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A delivery an instance has claimed to send now, with what sending it needs. */
    record Claimed(
            UUID id,
            UUID jobId,
            long eventSeq,
            EventKind phase,
            int attempt,
            int failures,
            @Nullable String body,
            String owner,
            URI url,
            @Nullable String token,
            @Nullable String clientJobId,
            Progress progress,
            @Nullable String errorCode,
            @Nullable String traceparent) {}

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, oldest first, in one
     * statement that commits at once: rows another instance is claiming are skipped, not
     * waited for, and a claimed delivery is due again only when its lease has run out (its
     * instance died). Each claim is a new attempt number.
     */
    Flux<Claimed> claimDue(int limit, Duration lease) {
        return db.sql("""
                        with due as (
                            select id from webhook_deliveries
                            where status = %1$s and next_attempt_at <= now()
                            order by next_attempt_at
                            limit :limit
                            for update skip locked),
                        claimed as (
                            update webhook_deliveries d
                            set attempts = d.attempts + 1,
                                claimed_until = now() + :lease * interval '1 millisecond',
                                next_attempt_at = now() + :lease * interval '1 millisecond'
                            from due where d.id = due.id
                            returning d.*)
                        select c.id, c.job_id, c.event_seq, c.phase, c.attempts, c.failures, c.body, j.owner,
                               j.webhook ->> 'url' as url, j.webhook ->> 'token' as token,
                               j.webhook ->> 'client_job_id' as client_job_id,
                               e.percent, e.stage, e.message, e.error_code, j.traceparent
                        from claimed c
                        join jobs j on j.id = c.job_id
                        join job_events e on e.job_id = c.job_id and e.seq = c.event_seq""".formatted(DeliveryStatus.PENDING.sql()))
                .bind("limit", limit)
                .bind("lease", lease.toMillis())
                .map(row -> new Claimed(
                        row.get("id", UUID.class),
                        row.get("job_id", UUID.class),
                        row.get("event_seq", Integer.class),
                        EventKind.fromWireName(row.get("phase", String.class)),
                        row.get("attempts", Integer.class),
                        row.get("failures", Integer.class),
                        row.get("body", String.class),
                        row.get("owner", String.class),
                        URI.create(row.get("url", String.class)),
                        row.get("token", String.class),
                        row.get("client_job_id", String.class),
                        new Progress(
                                row.get("percent", Integer.class),
                                row.get("stage", String.class),
                                row.get("message", String.class)),
                        row.get("error_code", String.class),
                        row.get("traceparent", String.class)))
                .all();
    }

    /** Keeps the body of a delivery's first send; the one already kept, if there is one. */
    Mono<String> keepBody(UUID id, String body) {
        return db.sql("update webhook_deliveries set body = coalesce(body, :body) where id = :id returning body")
                .bind("id", id)
                .bind("body", body)
                .map(row -> row.get("body", String.class))
                .one();
    }

    /**
     * Records an attempt and what follows from it, in one statement: {@code succeeded} after a
     * 2xx; else pending again after {@code delay}, unless that is past {@code retryFor} since
     * the delivery was requested, then {@code failed}. Empty if the claim was lost.
     */
    Mono<String> recordAttempt(Claimed delivery, WebhookSender.Outcome outcome, Duration delay, Duration retryFor) {
        return db.sql("""
                        with current as (
                            select id, clock_timestamp() + :delay * interval '1 millisecond' as due,
                                   clock_timestamp() + :delay * interval '1 millisecond'
                                       > requested_at + :retry_for * interval '1 millisecond' as give_up
                            from webhook_deliveries
                            where id = :id and attempts = :attempt and status = %1$s),
                        outcome as (
                            update webhook_deliveries d
                            set status = case when :succeeded then %2$s when c.give_up then %3$s else %1$s end,
                                next_attempt_at = case when :succeeded or c.give_up then null else c.due end,
                                completed_at = case when :succeeded or c.give_up then clock_timestamp() end,
                                failures = case when :succeeded then 0 else d.failures + 1 end,
                                claimed_until = null
                            from current c
                            where d.id = c.id
                            returning d.id, d.status),
                        attempt as (
                            insert into webhook_delivery_attempts (delivery_id, number, started_at, duration_ms, status_code, error)
                            select id, :attempt, :started, :duration, :code, :error from outcome)
                        select status from outcome""".formatted(
                        DeliveryStatus.PENDING.sql(), DeliveryStatus.SUCCEEDED.sql(), DeliveryStatus.FAILED.sql()))
                .bind("id", delivery.id())
                .bind("attempt", delivery.attempt())
                .bind("delay", delay.toMillis())
                .bind("retry_for", retryFor.toMillis())
                .bind("succeeded", outcome.succeeded())
                .bind("started", outcome.startedAt())
                .bind("duration", (int)
                        Math.min(Integer.MAX_VALUE, outcome.duration().toMillis()))
                .bind("code", Parameter.fromOrEmpty(outcome.statusCode(), Integer.class))
                .bind("error", Parameter.fromOrEmpty(outcome.error(), String.class))
                .map(row -> row.get("status", String.class))
                .one();
    }

    /** At most {@code limit} deliveries of a job, by event, after event {@code afterSeq}; each with its attempts. */
    Mono<List<WebhookDelivery>> deliveries(UUID jobId, long afterSeq, int limit) {
        return db.sql("select * from webhook_deliveries where job_id = :job and event_seq > :after"
                        + " order by event_seq limit :limit")
                .bind("job", jobId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(WebhookRepository::toRow)
                .all()
                .collectList()
                .flatMap(this::withAttempts);
    }

    /**
     * Makes a delivery due now with a fresh retry period, whatever became of it; the same id,
     * so receivers see it as the same message. Empty if there is no such delivery of the job,
     * or an instance is sending it right now.
     */
    Mono<WebhookDelivery> redeliver(UUID jobId, UUID deliveryId) {
        return db.sql("""
                        update webhook_deliveries
                        set status = %s, next_attempt_at = now(), requested_at = now(), failures = 0,
                            completed_at = null
                        where id = :id and job_id = :job and (claimed_until is null or claimed_until < now())
                        returning *""".formatted(DeliveryStatus.PENDING.sql()))
                .bind("id", deliveryId)
                .bind("job", jobId)
                .map(WebhookRepository::toRow)
                .all()
                .collectList()
                .flatMap(this::withAttempts)
                .flatMap(found -> Mono.justOrEmpty(found.stream().findFirst()));
    }

    Mono<Boolean> exists(UUID jobId, UUID deliveryId) {
        return db.sql("select exists (select 1 from webhook_deliveries where id = :id and job_id = :job) as found")
                .bind("id", deliveryId)
                .bind("job", jobId)
                .map(row -> row.get("found", Boolean.class))
                .one();
    }

    private Mono<List<WebhookDelivery>> withAttempts(List<DeliveryRow> rows) {
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("select * from webhook_delivery_attempts where delivery_id = any(:ids) order by number")
                .bind("ids", rows.stream().map(DeliveryRow::id).toArray(UUID[]::new))
                .map(row -> Map.entry(row.get("delivery_id", UUID.class), toAttempt(row)))
                .all()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())))
                .map(attempts -> rows.stream()
                        .map(row -> row.with(attempts.getOrDefault(row.id(), List.of())))
                        .toList());
    }

    /** A delivery as stored, before its attempts are read. */
    private record DeliveryRow(
            UUID id,
            UUID jobId,
            long eventSeq,
            String phase,
            String status,
            @Nullable Instant nextAttemptAt,
            Instant createdAt,
            @Nullable Instant completedAt) {

        WebhookDelivery with(List<WebhookDelivery.Attempt> attempts) {
            return new WebhookDelivery(
                    id, jobId, eventSeq, phase, status, nextAttemptAt, createdAt, completedAt, attempts);
        }
    }

    private static DeliveryRow toRow(Readable row) {
        return new DeliveryRow(
                row.get("id", UUID.class),
                row.get("job_id", UUID.class),
                row.get("event_seq", Integer.class),
                row.get("phase", String.class),
                row.get("status", String.class),
                row.get("next_attempt_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("completed_at", Instant.class));
    }

    private static WebhookDelivery.Attempt toAttempt(Readable row) {
        return new WebhookDelivery.Attempt(
                row.get("number", Integer.class),
                row.get("started_at", Instant.class),
                row.get("duration_ms", Integer.class),
                row.get("status_code", Integer.class),
                row.get("error", String.class));
    }
}
