package io.jobstream.job;

import static io.jobstream.system.PlannerHints.byIdOnly;

import io.jobstream.jobtype.Artifact;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for jobs and their events. Every state change is a single statement: a conditional
 * UPDATE of the job (derived from {@link JobStatus#canMoveTo}) whose returned rows feed the
 * INSERT of their events, so a lost race changes nothing and yields an empty result. Reads
 * for a caller carry {@code (:admin or owner = :owner)}.
 */
@Repository
class JobRepository {

    /** The event of kind {@code :kind} for each row of the CTE {@code job} (the rows a statement just changed). */
    private static final String EVENT_ROWS_OF_JOB = """
            select id, last_event_seq, :kind, status, progress_percent, progress_stage, progress_message,
                   error_code, updated_at, events_txid
            from job""";
    private static final String INSERT_EVENT = """
            insert into job_events (job_id, seq, kind, status, percent, stage, message, error_code, created_at, txid)
            """;
    /**
     * The stream transaction of a job's next event (V8): its writer's, or its previous
     * event's if that is younger, so that transaction order is each job's order too.
     */
    private static final String NEXT_EVENT_TXID = "events_txid = greatest(events_txid, pg_current_xact_id())";
    /** Appends the event of each row of the CTE {@code job}. */
    private static final String EVENTS_OF_JOB = ", event as (" + INSERT_EVENT + EVENT_ROWS_OF_JOB + ")";
    private static final String EVENT_FROM_ROW = EVENTS_OF_JOB + " select * from job";
    private static final String VISIBLE = "(:admin or owner = :owner)";
    /** Held by this attempt: the instance that claimed it, and no later claim since (the same instance may claim again). */
    private static final String HELD = "claimed_by = :worker and attempts = :attempt";
    /**
     * {@link #HELD} for an {@code update jobs ... from r} over many attempts, {@code r} the
     * unnest of {@code :ids}, {@code :workers} and {@code :attempts} ({@link #heldByEach}).
     */
    private static final String HELD_BY_EACH =
            "jobs.id = any(:ids) and jobs.id = r.id and jobs.claimed_by = r.worker and jobs.attempts = r.attempt";
    private static final String[] ACTIVE = {"queued", "processing", "retrying"};

    private final DatabaseClient db;
    private final JsonMapper json;

    JobRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Stores jobs, each with its first event, in one statement: the jobs stored. A job whose
     * owner's idempotency key is taken (also by an earlier job of the same call) is not.
     * {@code dispatching}: the caller publishes their start commands next, so they are stored
     * marked dispatched (the caller takes the marks back if the publish fails); otherwise the
     * outbox relay publishes them.
     */
    Flux<Job> insertAll(List<NewJob> jobs, boolean dispatching) {
        return newJobs(db.sql("""
                        with job as (
                            insert into jobs (id, owner, type, status, payload, result_type, original_job_id,
                                              idempotency_key, request_hash, progress_message, last_event_seq,
                                              created_at, updated_at, run_at, webhook, dispatched_at, events_txid)
                            select j.id, j.owner, j.type, 'queued', j.payload::jsonb, j.result_type, j.original, j.key,
                                   j.hash, 'Queued', 1, now(), now(), now(), j.webhook::jsonb,
                                   case when :dispatching then now() end, pg_current_xact_id()
                            from unnest(:ids::uuid[], :owners::text[], :types::text[], :payloads::text[],
                                        :result_types::text[], :originals::uuid[], :keys::text[], :hashes::text[],
                                        :webhooks::text[])
                                 as j (id, owner, type, payload, result_type, original, key, hash, webhook)
                            on conflict (owner, idempotency_key) where idempotency_key is not null do nothing
                            returning *)""" + EVENT_FROM_ROW), jobs)
                .bind("owners", jobs.stream().map(NewJob::owner).toArray(String[]::new))
                .bind("originals", jobs.stream().map(NewJob::originalJobId).toArray(UUID[]::new))
                .bind("keys", jobs.stream().map(NewJob::idempotencyKey).toArray(String[]::new))
                .bind("hashes", jobs.stream().map(NewJob::requestHash).toArray(String[]::new))
                .bind("dispatching", dispatching)
                .bind("kind", EventKind.QUEUED.wireName())
                .map(this::toJob)
                .all();
    }

    /**
     * Binds what every new job has, one array each: {@code :ids}, {@code :types},
     * {@code :payloads}, {@code :result_types} and {@code :webhooks}.
     */
    private GenericExecuteSpec newJobs(GenericExecuteSpec spec, List<NewJob> jobs) {
        return spec.bind("ids", jobs.stream().map(NewJob::id).toArray(UUID[]::new))
                .bind("types", jobs.stream().map(NewJob::type).toArray(String[]::new))
                .bind("payloads", jobs.stream().map(job -> json.writeValueAsString(job.payload())).toArray(String[]::new))
                .bind("result_types", jobs.stream().map(NewJob::resultType).toArray(String[]::new))
                .bind("webhooks", jobs.stream()
                        .map(job -> job.webhook() == null ? null : json.writeValueAsString(job.webhook().toJson()))
                        .toArray(String[]::new));
    }

    /**
     * Stores a batch and all its jobs, each with its first event, in one statement; jobs in the
     * given order, marked dispatched: the caller publishes their start commands next.
     */
    Mono<List<Job>> insertBatch(UUID batchId, String owner, @Nullable String name, List<NewJob> jobs) {
        return newJobs(db.sql("""
                        with batch as (
                            insert into batches (id, owner, name, job_count, created_at)
                            values (:batch, :owner, :name, :job_count, now())
                            returning id),
                        job as (
                            insert into jobs (id, owner, type, status, payload, result_type, batch_id, batch_position,
                                              progress_message, last_event_seq, created_at, updated_at, run_at, webhook,
                                              dispatched_at, events_txid)
                            select j.id, :owner, j.type, 'queued', j.payload::jsonb, j.result_type,
                                   (select id from batch), j.position, 'Queued', 1, now(), now(), now(), j.webhook::jsonb,
                                   now(), pg_current_xact_id()
                            from unnest(:ids::uuid[], :types::text[], :payloads::text[], :result_types::text[],
                                        :webhooks::text[])
                                 with ordinality as j (id, type, payload, result_type, webhook, position)
                            returning *)""" + EVENT_FROM_ROW), jobs)
                .bind("batch", batchId)
                .bind("owner", owner)
                .bind("name", Parameter.fromOrEmpty(name, String.class))
                .bind("job_count", jobs.size())
                .bind("kind", EventKind.QUEUED.wireName())
                .map(this::toJob)
                .all()
                .collectMap(Job::id)
                .map(byId -> jobs.stream().map(job -> byId.get(job.id())).toList());
    }

    /** The job an earlier request with the same key and the same content created; empty if the content differs. */
    Mono<Job> findReplay(String owner, String key, String requestHash) {
        return db.sql("select * from jobs where owner = :owner and idempotency_key = :key and request_hash = :hash")
                .bind("owner", owner)
                .bind("key", key)
                .bind("hash", requestHash)
                .map(this::toJob)
                .one();
    }


    Mono<Long> countActive(String owner) {
        return db.sql("select count(*) from jobs where owner = :owner and status = any(:active)")
                .bind("owner", owner)
                .bind("active", ACTIVE)
                .map(row -> row.get(0, Long.class))
                .one();
    }

    Mono<Job> find(UUID id, Caller caller) {
        return visible(db.sql("select * from jobs where id = :id and " + VISIBLE), caller)
                .bind("id", id)
                .map(this::toJob)
                .one();
    }

    Mono<JobPage> list(JobQuery query, Caller caller) {
        Filter filter = Filter.of(query);
        Mono<Long> total = filter.bindTo(visible(db.sql("select count(*) from jobs where " + filter.where), caller))
                .map(row -> row.get(0, Long.class))
                .one();
        return total.zipWith(page(query, caller, filter).collectList(), (count, rows) -> toPage(query, count, rows));
    }

    private Flux<PageRow> page(JobQuery query, Caller caller, Filter filter) {
        JobSort sort = query.sort();
        String direction = query.ascending() ? "asc" : "desc";
        String where = filter.where;
        if (query.after() != null) {
            where += " and (" + sort.expression + ", id) " + (query.ascending() ? ">" : "<")
                    + " (" + sort.keyValue() + ", :after_id)";
        }
        var spec = db.sql("select *, " + sort.keySelect() + " as sort_key from jobs where " + where
                + " order by " + sort.expression + " " + direction + ", id " + direction
                + " limit :limit offset :offset");
        spec = filter.bindTo(visible(spec, caller))
                .bind("limit", query.limit() + 1)
                .bind("offset", query.after() == null ? query.offset() : 0);
        if (query.after() != null) {
            spec = spec.bind("after_key", query.after().key()).bind("after_id", query.after().id());
        }
        return spec.map(row -> new PageRow(toJob(row), row.get("sort_key", String.class))).all();
    }

    private static JobPage toPage(JobQuery query, long total, List<PageRow> rows) {
        boolean hasMore = rows.size() > query.limit();
        List<PageRow> page = hasMore ? rows.subList(0, query.limit()) : rows;
        JobCursor next = null;
        if (hasMore) {
            PageRow last = page.getLast();
            next = new JobCursor(query.sort(), query.ascending(), last.sortKey(), last.job().id());
        }
        return new JobPage(page.stream().map(PageRow::job).toList(), total, hasMore, next);
    }

    private record PageRow(Job job, String sortKey) {}

    /** The WHERE clause of a list, and its parameters, built from the filters that are set. */
    private record Filter(String where, Map<String, Object> parameters) {

        static Filter of(JobQuery query) {
            List<String> conditions = new ArrayList<>(List.of(VISIBLE));
            Map<String, Object> parameters = new LinkedHashMap<>();
            addAny(conditions, parameters, "status", query.statuses());
            addEquals(conditions, parameters, "type", "type", query.type());
            addEquals(conditions, parameters, "batch_id", "batch_id", query.batchId());
            addEquals(conditions, parameters, "result_type", "result_type", query.resultType());
            if (query.createdFrom() != null) {
                conditions.add("created_at >= :created_from");
                parameters.put("created_from", query.createdFrom());
            }
            if (query.createdTo() != null) {
                conditions.add("created_at < :created_to");
                parameters.put("created_to", query.createdTo());
            }
            return new Filter(String.join(" and ", conditions), parameters);
        }

        /** For events {@code e} joined with their jobs {@code j}. */
        static Filter of(StreamFilter filter) {
            List<String> conditions = new ArrayList<>(List.of(VISIBLE));
            Map<String, Object> parameters = new LinkedHashMap<>();
            addAny(conditions, parameters, "e.status", filter.statuses());
            addEquals(conditions, parameters, "j.type", "type", filter.type());
            addEquals(conditions, parameters, "j.batch_id", "batch_id", filter.batchId());
            return new Filter(String.join(" and ", conditions), parameters);
        }

        private static void addAny(List<String> conditions, Map<String, Object> parameters, String column,
                Set<JobStatus> statuses) {
            if (!statuses.isEmpty()) {
                conditions.add(column + " = any(:statuses)");
                parameters.put("statuses", statuses.stream().map(JobStatus::wireName).toArray(String[]::new));
            }
        }

        private static void addEquals(List<String> conditions, Map<String, Object> parameters, String column,
                String parameter, @Nullable Object value) {
            if (value != null) {
                conditions.add(column + " = :" + parameter);
                parameters.put(parameter, value);
            }
        }

        GenericExecuteSpec bindTo(GenericExecuteSpec spec) {
            for (var parameter : parameters.entrySet()) {
                spec = spec.bind(parameter.getKey(), parameter.getValue());
            }
            return spec;
        }
    }

    Flux<JobEvent> eventsAfter(UUID jobId, long afterSeq, int limit) {
        return db.sql("select * from job_events where job_id = :id and seq > :after order by seq limit :limit")
                .bind("id", jobId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(JobRepository::toEvent)
                .all();
    }

    /** The last {@code count} events, oldest first. */
    Flux<JobEvent> latestEvents(UUID jobId, int count) {
        return db.sql("select * from (select * from job_events where job_id = :id order by seq desc limit :count) e"
                        + " order by seq")
                .bind("id", jobId)
                .bind("count", count)
                .map(JobRepository::toEvent)
                .all();
    }

    /**
     * Up to {@code limit} events of the jobs the caller may see that match {@code filter},
     * after {@code after} in stream order, and only of transactions below the read's horizon
     * (the oldest transaction still running), so that no event can later appear before one
     * read here. The horizon comes back even when no event does.
     */
    Mono<StreamPage> streamEvents(Caller caller, StreamFilter filter, StreamPosition after, int limit) {
        Filter matching = Filter.of(filter);
        GenericExecuteSpec spec = after(matching.bindTo(visible(db.sql("""
                        with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
                        select h.xmin::text as horizon,
                               (select max(e.txid) from job_events e join jobs j on j.id = e.job_id
                                where e.txid >= h.xmin
                                  and (e.txid, e.job_id, e.seq) > (:txid::xid8, :job, :seq)
                                  and %1$s)::text as beyond,
                               x.*
                        from horizon h left join lateral (
                            select e.job_id, e.seq, e.kind, e.status, e.percent, e.stage, e.message, e.error_code,
                                   e.created_at, e.txid::text as txid
                            from job_events e join jobs j on j.id = e.job_id
                            where (e.txid, e.job_id, e.seq) > (:txid::xid8, :job, :seq)
                              and e.txid < h.xmin
                              and %1$s
                            order by e.txid, e.job_id, e.seq
                            limit :limit) x on true""".formatted(matching.where())), caller)), after)
                .bind("limit", limit);
        return spec.map(row -> new HorizonRow(Long.parseUnsignedLong(row.get("horizon", String.class)),
                        row.get("beyond", String.class) == null ? 0 : Long.parseUnsignedLong(row.get("beyond", String.class)),
                        row.get("job_id", UUID.class) == null ? null : new StreamEvent(toEvent(row),
                                new StreamPosition(Long.parseUnsignedLong(row.get("txid", String.class)),
                                        row.get("job_id", UUID.class), row.get("seq", Integer.class)))))
                .all()
                .collectList()
                .map(rows -> new StreamPage(
                        rows.stream().map(HorizonRow::event).filter(Objects::nonNull).toList(),
                        rows.getFirst().horizon(),
                        rows.getFirst().beyond(),
                        rows.size() == limit && rows.getLast().event() != null));
    }

    /** The newest transaction that wrote an event of the batch's jobs; 0 if none did. */
    Mono<Long> batchLastEventTxid(UUID batchId) {
        return db.sql("select coalesce(max(e.txid), '0')::text as txid from job_events e join jobs j on j.id = e.job_id"
                        + " where j.batch_id = :batch")
                .bind("batch", batchId)
                .map(row -> Long.parseUnsignedLong(row.get("txid", String.class)))
                .one();
    }

    /** Whether the batch's jobs have events after {@code after} in stream order. */
    Mono<Boolean> batchHasEventsAfter(UUID batchId, StreamPosition after) {
        return after(db.sql("select exists (select 1 from job_events e join jobs j on j.id = e.job_id"
                        + " where j.batch_id = :batch and (e.txid, e.job_id, e.seq) > (:txid::xid8, :job, :seq)) as later")
                .bind("batch", batchId), after)
                .map(row -> row.get("later", Boolean.class))
                .one();
    }

    /** The oldest transaction still running: every event below it is readable. */
    Mono<Long> streamHorizon() {
        return db.sql("select pg_snapshot_xmin(pg_current_snapshot())::text as xmin")
                .map(row -> Long.parseUnsignedLong(row.get("xmin", String.class)))
                .one();
    }

    private record HorizonRow(long horizon, long beyond, @Nullable StreamEvent event) {}

    /** Binds {@code :txid}, {@code :job} and {@code :seq}: the place in the stream of many jobs a query reads after. */
    private static GenericExecuteSpec after(GenericExecuteSpec spec, StreamPosition position) {
        return spec.bind("txid", Long.toUnsignedString(position.txid()))
                .bind("job", position.jobId())
                .bind("seq", position.seq());
    }

    /** Queued or retrying → processing for one worker, under a lease: the jobs it took (not those someone else won). */
    Flux<Job> claimAll(List<UUID> ids, String worker, Duration lease) {
        return update(EventKind.STARTED, """
                        status = 'processing', claimed_by = :worker, lease_expires_at = now() + :lease * interval '1 millisecond',
                        attempts = attempts + 1, started_at = coalesce(started_at, now()), progress_message = 'Started'""",
                "id = any(:ids) and " + byIdOnly("status = any(:from) and run_at <= now()"))
                .bind("from", JobStatus.sourcesOf(JobStatus.PROCESSING))
                .bind("ids", ids.toArray(UUID[]::new))
                .bind("worker", worker)
                .bind("lease", lease.toMillis())
                .map(this::toJob)
                .all();
    }

    /** Finished stages: progress, event and checkpoint of each, in one statement; the ids of the jobs whose attempt still held them. */
    Flux<UUID> recordStages(List<StageRecord> records) {
        GenericExecuteSpec statement = db.sql("""
                        with r as (
                            select * from unnest(:ids::uuid[], :workers::text[], :attempts::int[], :indexes::int[],
                                                 :percents::int[], :stages::text[], :messages::text[], :outputs::text[])
                                as r (id, worker, attempt, stage_index, percent, stage, message, output)),
                        job as (
                            update jobs set progress_percent = r.percent, progress_stage = r.stage,
                                   progress_message = r.message, last_event_seq = last_event_seq + 1,
                                   updated_at = clock_timestamp(),\s""" + NEXT_EVENT_TXID + """
                            from r
                            where\s""" + HELD_BY_EACH + " and " + byIdOnly("jobs.status = 'processing'") + """
                            returning jobs.*, r.stage_index, r.output),
                        checkpoint as (
                            insert into job_checkpoints (job_id, stage_index, stage, output, created_at)
                            select id, stage_index, progress_stage, output::jsonb, now() from job
                            on conflict (job_id, stage_index) do update set output = excluded.output)""" + EVENTS_OF_JOB
                        + " select id from job");
        return progressOfEach(heldByEach(statement, records.stream().map(StageRecord::attempt).toList()),
                        records.stream().map(StageRecord::progress).toList())
                .bind("indexes", records.stream().map(StageRecord::stageIndex).toArray(Integer[]::new))
                .bind("outputs", records.stream().map(record -> json.writeValueAsString(record.output()))
                        .toArray(String[]::new))
                .bind("kind", EventKind.PROGRESS.wireName())
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** A finished stage of an attempt ({@code stageIndex} from 0), its output and the progress it reports. */
    record StageRecord(Attempt attempt, int stageIndex, JsonNode output, Progress progress) {}

    /**
     * Completed attempts, in one statement: the progress event of each one's last stage (when
     * given), then its completed event. The ids of the jobs whose attempt still held them.
     */
    Flux<UUID> completeAll(List<Completion> completions, String message) {
        GenericExecuteSpec statement = db.sql("""
                        with r as (
                            select * from unnest(:ids::uuid[], :workers::text[], :attempts::int[], :results::text[],
                                                 :percents::int[], :stages::text[], :messages::text[])
                                as r (id, worker, attempt, result, stage_percent, stage_name, stage_message)),
                        job as (
                            update jobs set status = 'completed', result = r.result::jsonb, progress_percent = 100,
                                   progress_stage = coalesce(r.stage_name, jobs.progress_stage),
                                   progress_message = :message, error = null, error_code = null, completed_at = now(),
                                   claimed_by = null, lease_expires_at = null,
                                   last_event_seq = last_event_seq + case when r.stage_percent is null then 1 else 2 end,
                                   updated_at = clock_timestamp(),\s""" + NEXT_EVENT_TXID + """
                            from r
                            where\s""" + HELD_BY_EACH + " and " + byIdOnly("jobs.status = any(:from)") + """
                            returning jobs.*, r.stage_percent, r.stage_name, r.stage_message),
                        event as (""" + INSERT_EVENT + """
                            select id, last_event_seq - 1, :progress, 'processing', stage_percent, stage_name,
                                   stage_message, null, updated_at, events_txid
                            from job where stage_percent is not null
                            union all
                            """ + EVENT_ROWS_OF_JOB + ") select id from job");
        return progressOfEach(heldByEach(statement, completions.stream().map(Completion::attempt).toList()),
                        completions.stream().map(Completion::lastStage).toList())
                .bind("results", completions.stream()
                        .map(done -> done.result() == null ? null : json.writeValueAsString(done.result()))
                        .toArray(String[]::new))
                .bind("message", message)
                .bind("from", JobStatus.sourcesOf(JobStatus.COMPLETED))
                .bind("progress", EventKind.PROGRESS.wireName())
                .bind("kind", EventKind.COMPLETED.wireName())
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /**
     * The end of an attempt that succeeded: the job's result, and the progress of its last stage
     * if this attempt ran that stage (null if an earlier attempt recorded it).
     */
    record Completion(Attempt attempt, @Nullable JsonNode result, @Nullable Progress lastStage) {}

    /** The outputs of the job's finished stages, in order. */
    Flux<JsonNode> checkpoints(UUID id) {
        return db.sql("select output from job_checkpoints where job_id = :id order by stage_index")
                .bind("id", id)
                .map(row -> fromJson(row.get("output", Json.class)))
                .all();
    }

    /** Gives up this attempt: retrying after {@code delay}, unclaimed and undispatched, so the relay sends it when due. */
    Mono<Job> retry(Attempt attempt, String errorCode, String error, Duration delay) {
        return held(transition(EventKind.RETRYING, JobStatus.RETRYING,
                        "status = 'retrying', retry_count = retry_count + 1, error_code = :code, error = :error,"
                                + " progress_message = :message, run_at = now() + :delay * interval '1 millisecond',"
                                + " claimed_by = null, lease_expires_at = null, dispatched_at = null",
                        "id = :id and " + HELD), attempt)
                .bind("code", errorCode)
                .bind("error", error)
                .bind("message", Progress.truncate("Retrying in " + delay.toMillis() + " ms after: " + error))
                .bind("delay", delay.toMillis())
                .map(this::toJob)
                .one();
    }

    /** Extends the attempt's lease; false if it no longer holds the job. */
    Mono<Boolean> renewLease(Attempt attempt, Duration lease) {
        return held(db.sql("update jobs set lease_expires_at = now() + :lease * interval '1 millisecond'"
                        + " where id = :id and status = 'processing' and " + HELD), attempt)
                .bind("lease", lease.toMillis())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    private static final String REQUEUE = "status = 'queued', progress_message = :message, claimed_by = null,"
            + " lease_expires_at = null, dispatched_at = null";

    /** Processing jobs whose lease has expired (their instance died) go back to the queue. */
    Flux<Job> requeueExpired() {
        return transition(EventKind.QUEUED, JobStatus.QUEUED, REQUEUE, "lease_expires_at < now()")
                .bind("message", "Requeued: the lease of the instance that ran it expired")
                .map(this::toJob)
                .all();
    }

    /** A stopping worker hands its jobs back to the queue. */
    Flux<Job> release(String worker) {
        return transition(EventKind.QUEUED, JobStatus.QUEUED, REQUEUE, "claimed_by = :worker")
                .bind("worker", worker)
                .bind("message", "Requeued: the instance that ran it stopped")
                .map(this::toJob)
                .all();
    }

    Mono<Job> fail(Attempt attempt, String errorCode, String error) {
        return held(transition(EventKind.FAILED, JobStatus.FAILED, """
                        status = 'failed', error_code = :code, error = :error, progress_message = :message,
                        completed_at = now(), claimed_by = null, lease_expires_at = null""",
                "id = :id and " + HELD), attempt)
                .bind("code", errorCode)
                .bind("error", error)
                .bind("message", Progress.truncate(error))
                .map(this::toJob)
                .one();
    }

    private static final String CANCEL = """
            status = 'cancelled', progress_message = 'Cancelled', completed_at = now(),
            claimed_by = null, lease_expires_at = null""";

    /** Cancels an active job the caller may see; empty if there is none or it has finished. */
    Mono<Job> cancel(UUID id, Caller caller) {
        return visible(transition(EventKind.CANCELLED, JobStatus.CANCELLED, CANCEL, "id = :id and " + VISIBLE), caller)
                .bind("id", id)
                .map(this::toJob)
                .one();
    }

    /** Cancels every active job of a batch; the jobs it cancelled. */
    Flux<Job> cancelBatch(UUID batchId, Caller caller) {
        return visible(transition(EventKind.CANCELLED, JobStatus.CANCELLED, CANCEL,
                        "batch_id = :batch and " + VISIBLE), caller)
                .bind("batch", batchId)
                .map(this::toJob)
                .all();
    }

    /** Deletes a finished job with its events and artifacts; empty if there is none or it is active. */
    Mono<UUID> deleteFinished(UUID id, Caller caller) {
        return visible(db.sql("delete from jobs where id = :id and not (status = any(:active)) and " + VISIBLE
                        + " returning id"), caller)
                .bind("id", id)
                .bind("active", ACTIVE)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    Mono<BatchRow> findBatch(UUID batchId, Caller caller) {
        return visible(db.sql("select * from batches where id = :id and " + VISIBLE), caller)
                .bind("id", batchId)
                .map(row -> new BatchRow(row.get("id", UUID.class), row.get("owner", String.class),
                        row.get("name", String.class), row.get("job_count", Integer.class),
                        row.get("created_at", Instant.class)))
                .one();
    }

    Flux<Job> findBatchJobs(UUID batchId) {
        return db.sql("select * from jobs where batch_id = :id order by batch_position")
                .bind("id", batchId)
                .map(this::toJob)
                .all();
    }

    /** The batch's jobs counted by status, with the progress of the active ones: one aggregate, no job read. */
    Mono<BatchTally> tallyBatch(UUID batchId) {
        return db.sql("""
                        select status, count(*) as jobs, sum(progress_percent) as percent
                        from jobs where batch_id = :id group by status""")
                .bind("id", batchId)
                .map(row -> new BatchTally.Group(JobStatus.fromWireName(row.get("status", String.class)),
                        row.get("jobs", Long.class), row.get("percent", Long.class)))
                .all()
                .collectList()
                .map(BatchTally::ofGroups);
    }

    /** A batch as stored. */
    record BatchRow(UUID id, String owner, @Nullable String name, int jobCount, Instant createdAt) {}

    /** Keeps the artifact if the attempt still holds the job; false if it does not. */
    Mono<Boolean> saveArtifact(Attempt attempt, Artifact artifact) {
        return held(db.sql("insert into job_artifacts (job_id, name, content_type, content, created_at)"
                        + " select :id, :name, :type, :content, now()"
                        + " where exists (select 1 from jobs where id = :id and status = 'processing' and " + HELD
                        + " for share)"
                        + " on conflict (job_id, name) do update set content_type = excluded.content_type,"
                        + " content = excluded.content, created_at = excluded.created_at"), attempt)
                .bind("name", artifact.name())
                .bind("type", artifact.contentType())
                .bind("content", ByteBuffer.wrap(artifact.content()))
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    Flux<String> artifactNames(UUID jobId) {
        return db.sql("select name from job_artifacts where job_id = :job order by name")
                .bind("job", jobId)
                .map(row -> row.get("name", String.class))
                .all();
    }

    Mono<Artifact> findArtifact(UUID jobId, String name) {
        return db.sql("select name, content_type, content from job_artifacts where job_id = :job and name = :name")
                .bind("job", jobId)
                .bind("name", name)
                .map(row -> new Artifact(row.get("name", String.class), row.get("content_type", String.class),
                        bytes(row.get("content", ByteBuffer.class))))
                .one();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Binds {@code :id}, {@code :worker} and {@code :attempt} of a statement conditional on {@link #HELD}. */
    private static GenericExecuteSpec held(GenericExecuteSpec spec, Attempt attempt) {
        return spec.bind("id", attempt.jobId()).bind("worker", attempt.worker()).bind("attempt", attempt.number());
    }

    /**
     * {@link #held} for a statement over many attempts ({@link #HELD_BY_EACH}): binds
     * {@code :ids}, {@code :workers} and {@code :attempts}.
     */
    private static GenericExecuteSpec heldByEach(GenericExecuteSpec spec, List<Attempt> attempts) {
        return spec.bind("ids", attempts.stream().map(Attempt::jobId).toArray(UUID[]::new))
                .bind("workers", attempts.stream().map(Attempt::worker).toArray(String[]::new))
                .bind("attempts", attempts.stream().map(Attempt::number).toArray(Integer[]::new));
    }

    /** Binds {@code :percents}, {@code :stages} and {@code :messages} of each progress; nulls where there is none. */
    private static GenericExecuteSpec progressOfEach(GenericExecuteSpec spec, List<@Nullable Progress> progress) {
        return spec.bind("percents", progress.stream().map(each -> each == null ? null : each.percent())
                        .toArray(Integer[]::new))
                .bind("stages", progress.stream().map(each -> each == null ? null : each.stage()).toArray(String[]::new))
                .bind("messages", progress.stream().map(each -> each == null ? null : each.message())
                        .toArray(String[]::new));
    }

    private static GenericExecuteSpec visible(GenericExecuteSpec spec, Caller caller) {
        return spec.bind("admin", caller.admin()).bind("owner", caller.subject());
    }

    /** A status change: allowed only from the statuses {@link JobStatus#canMoveTo} names. */
    private GenericExecuteSpec transition(EventKind kind, JobStatus target, String set, String condition) {
        return update(kind, set, "status = any(:from) and " + condition)
                .bind("from", JobStatus.sourcesOf(target));
    }

    /**
     * {@code clock_timestamp()}, not {@code now()}: it is read after the row lock is taken, so
     * one job's events are timestamped in {@code seq} order, which the events relay relies on.
     */
    private GenericExecuteSpec update(EventKind kind, String set, String condition) {
        return db.sql("with job as (update jobs set " + set
                        + ", last_event_seq = last_event_seq + 1, " + NEXT_EVENT_TXID
                        + ", updated_at = clock_timestamp() where " + condition
                        + " returning *)" + EVENT_FROM_ROW)
                .bind("kind", kind.wireName());
    }

    private Json toJson(JsonNode node) {
        return Json.of(json.writeValueAsBytes(node));
    }

    private @Nullable JsonNode fromJson(@Nullable Json value) {
        return value == null ? null : json.readTree(value.asArray());
    }

    private Job toJob(Readable row) {
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
                new Job.Documents(
                        row.get("total_documents", Integer.class),
                        row.get("processed_count", Integer.class),
                        row.get("failed_count", Integer.class)),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("started_at", Instant.class),
                row.get("completed_at", Instant.class),
                Webhook.fromJson(fromJson(row.get("webhook", Json.class))));
    }

    private static JobEvent toEvent(Readable row) {
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
                row.get("created_at", Instant.class));
    }
}
