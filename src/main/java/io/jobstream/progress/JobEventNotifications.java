package io.jobstream.progress;

import io.jobstream.job.Caller;
import io.jobstream.job.EventKind;
import io.jobstream.system.Reconnect;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instance's one {@code LISTEN jobstream_events} connection, outside the pool, turned
 * into wake-ups: "job X has new events". The same connection listens on
 * {@code jobstream_job_types} too, for the job types registered at run time
 * ({@link #jobTypeChanges}): one connection per instance, whatever it listens for. Every instance hears every event, whichever
 * instance wrote it. Each wake-up goes only to the followers of that job, of its owner, and
 * of every job (admins), looked up by key, so that ten thousand open streams do not each
 * look at every event. A follower that is busy keeps only the latest wake-up: it reads
 * everything new anyway. After a (re)connect every follower is woken, because
 * notifications sent while the connection was away are gone; followers then read what
 * they missed.
 */
@Component
public class JobEventNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEventNotifications.class);
    static final String CHANNEL = "jobstream_events";
    /** Announces the name of a registered job type at each change of it (V21). */
    static final String JOB_TYPES_CHANNEL = "jobstream_job_types";

    private final ConnectionFactory listenerConnections;
    private final JsonMapper json;
    /** Followers by job id (a UUID), by owner (a String), or {@link #EVERY_JOB}. */
    private final Map<Object, Set<FluxSink<JobWakeUp>>> followers = new ConcurrentHashMap<>();

    private static final Object EVERY_JOB = new Object();
    /** Never drops for want of demand: its subscribers take every change ({@link #jobTypeChanges}). */
    private final Sinks.Many<JobTypeChange> jobTypeChanges =
            Sinks.many().multicast().directBestEffort();

    private volatile @Nullable Disposable listening;
    /** Between LISTEN having succeeded on both channels and the connection's loss (readiness). */
    private volatile boolean connected;

    JobEventNotifications(R2dbcConnectionDetails database, JsonMapper json) {
        // TCP keep-alive: a half-open connection must fail, and be reopened, not go quiet
        this.listenerConnections = ConnectionFactories.get(database.getConnectionFactoryOptions()
                .mutate()
                .option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, true)
                .build());
        this.json = json;
    }

    /**
     * Completes when the job is cancelled, whichever instance cancelled it; the running
     * instance stops its stages then. Hot: subscribe before you start the work.
     */
    public Mono<Void> cancellation(UUID jobId) {
        return followers(jobId)
                .filter(wakeUp -> jobId.equals(wakeUp.jobId())
                        && EventKind.CANCELLED.wireName().equals(wakeUp.kind()))
                .next()
                .then();
    }

    /**
     * The job types registered, changed or retired on any instance, by name; and
     * {@link JobTypeChange#ALL} after the listener (re)connected, when changes may have been
     * missed. Hot: never completes; a subscriber must take every item (buffer or keep the
     * latest), or it misses changes.
     */
    public Flux<JobTypeChange> jobTypeChanges() {
        return jobTypeChanges.asFlux();
    }

    /**
     * The ids of jobs that have just become queued (submitted, or requeued after a lost lease),
     * of every owner, on any instance: what wakes external workers' claims that wait. Not the
     * retries whose backoff ends, which no event announces: a waiting claim also looks again
     * now and then. A busy subscriber keeps only the latest. Hot: never completes.
     */
    public Flux<UUID> queuedJobs() {
        return followers(EVERY_JOB)
                .filter(wakeUp ->
                        wakeUp.jobId() != null && EventKind.QUEUED.wireName().equals(wakeUp.kind()))
                .map(wakeUp -> Objects.requireNonNull(wakeUp.jobId()));
    }

    /**
     * The ids of jobs that have just been cancelled, of every owner, on any instance: what
     * tells Kafka workers to stop. A busy subscriber keeps only the latest unless it buffers.
     * Hot: never completes.
     */
    public Flux<UUID> cancelledJobs() {
        return followers(EVERY_JOB)
                .filter(wakeUp ->
                        wakeUp.jobId() != null && EventKind.CANCELLED.wireName().equals(wakeUp.kind()))
                .map(wakeUp -> Objects.requireNonNull(wakeUp.jobId()));
    }

    /** Wake-ups for one job, and the wake-ups for all jobs after a reconnect. Hot: never completes. */
    Flux<JobWakeUp> wakeUpsFor(UUID jobId) {
        return followers(jobId);
    }

    /** Wake-ups for the jobs the caller may see (an admin: every job). Hot: never completes. */
    Flux<JobWakeUp> wakeUpsOf(Caller caller) {
        return followers(caller.admin() ? EVERY_JOB : caller.subject());
    }

    /**
     * Whether the listener connection is up and listens on its channels now: while it is not,
     * this instance misses other instances' events, cancellations and job type changes.
     */
    boolean connected() {
        return connected;
    }

    /** How many followers (streams, running jobs) listen now. */
    int listeners() {
        return followers.values().stream().mapToInt(Set::size).sum();
    }

    private Flux<JobWakeUp> followers(Object key) {
        return Flux.create(
                sink -> {
                    followers.compute(key, (k, sinks) -> {
                        Set<FluxSink<JobWakeUp>> current = sinks != null ? sinks : ConcurrentHashMap.newKeySet();
                        current.add(sink);
                        return current;
                    });
                    sink.onDispose(() -> followers.compute(key, (k, sinks) -> {
                        if (sinks == null) {
                            return null;
                        }
                        sinks.remove(sink);
                        return sinks.isEmpty() ? null : sinks;
                    }));
                },
                FluxSink.OverflowStrategy.LATEST);
    }

    @Override
    public void start() {
        if (listening != null) {
            return;
        }
        listening = Flux.usingWhen(
                        Mono.from(listenerConnections.create()).cast(PostgresqlConnection.class),
                        this::listen,
                        connection -> connection.close())
                // until a reconnect has listened again, notifications are being missed
                .doOnError(failure -> connected = false)
                .doOnComplete(() -> connected = false)
                // Listening lasts as long as the application: a lost connection is reopened
                // for ever, with backoff capped at 10 s.
                .retryWhen(Reconnect.forever(
                        log, "The " + CHANNEL + " listener", Duration.ofMillis(200), Duration.ofSeconds(10)))
                .subscribe(this::heard);
    }

    /** {@link Heard#CONNECTED} once both channels are listened to, then what they carry. */
    private Flux<Heard> listen(PostgresqlConnection connection) {
        return Flux.concat(listenTo(connection, CHANNEL), listenTo(connection, JOB_TYPES_CHANNEL))
                .thenMany(Flux.concat(
                        Mono.just(Heard.CONNECTED),
                        connection
                                .getNotifications()
                                .map(notification -> new Heard(notification.getName(), notification.getParameter()))));
    }

    private static Flux<Long> listenTo(PostgresqlConnection connection, String channel) {
        return connection.createStatement("LISTEN " + channel).execute().flatMap(PostgresqlResult::getRowsUpdated);
    }

    private void heard(Heard heard) {
        if (heard == Heard.CONNECTED) {
            connected = true;
            emit(JobWakeUp.ALL);
            jobTypeChanges.tryEmitNext(JobTypeChange.ALL);
        } else if (JOB_TYPES_CHANNEL.equals(heard.channel())) {
            jobTypeChanges.tryEmitNext(new JobTypeChange(heard.payload()));
        } else {
            JobWakeUp wakeUp = parse(heard.payload());
            if (wakeUp != null) {
                emit(wakeUp);
            }
        }
    }

    /** A notification: its channel and payload; or that the listener has just (re)connected. */
    private record Heard(@Nullable String channel, @Nullable String payload) {
        static final Heard CONNECTED = new Heard(null, null);
    }

    /** Something else on the channel is ignored, never a reason to drop the connection. */
    private @Nullable JobWakeUp parse(@Nullable String payload) {
        try {
            JsonNode announcement = payload == null ? null : json.readTree(payload);
            JsonNode jobId = announcement == null ? null : announcement.get("job_id");
            if (jobId == null) {
                return null;
            }
            String batchId = announcement.path("batch_id").asString(null);
            return new JobWakeUp(
                    UUID.fromString(jobId.asString()),
                    announcement.path("kind").asString(null),
                    announcement.path("owner").asString(null),
                    batchId == null ? null : UUID.fromString(batchId),
                    Long.parseLong(announcement.path("txid").asString("0")));
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("Ignoring a notification on {} that is not an event announcement: {}", CHANNEL, payload);
            return null;
        }
    }

    /**
     * To the followers of the job, of its owner and of every job; a wake-up for every job,
     * or one that names no owner, to every follower.
     */
    private void emit(JobWakeUp wakeUp) {
        if (wakeUp.jobId() == null || wakeUp.owner() == null) {
            followers.values().forEach(sinks -> sinks.forEach(sink -> sink.next(wakeUp)));
            return;
        }
        for (Object key : new Object[] {wakeUp.jobId(), wakeUp.owner(), EVERY_JOB}) {
            Set<FluxSink<JobWakeUp>> sinks = followers.get(key);
            if (sinks != null) {
                sinks.forEach(sink -> sink.next(wakeUp));
            }
        }
    }

    @Override
    public void stop() {
        Disposable current = listening;
        if (current != null) {
            current.dispose();
        }
        listening = null;
        connected = false;
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }

    /**
     * Starts before the web server (phase {@code DEFAULT_PHASE - 2048}) takes streams, and
     * stops after it. Open streams are ended earlier, when the context starts closing
     * ({@link SingleJobFeed}, {@link StreamReader}), so that graceful shutdown does not wait on them.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
