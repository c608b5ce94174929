package io.jobstream.progress;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.UUID;
import io.jobstream.system.Reconnect;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instance's one {@code LISTEN jobstream_events} connection, outside the pool, turned
 * into a hot stream of "job X has new events". Every instance hears every event, whichever
 * instance wrote it. After a (re)connect it emits a wake-up for every job, because
 * notifications sent while it was away are gone; followers then read what they missed.
 */
@Component
public class JobEventNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEventNotifications.class);
    static final String CHANNEL = "jobstream_events";

    private final ConnectionFactory listenerConnections;
    private final JsonMapper json;
    private final Sinks.Many<JobWakeUp> wakeUps = Sinks.many().multicast().directBestEffort();
    private volatile @Nullable Disposable listening;

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
        return wakeUps.asFlux()
                .filter(wakeUp -> jobId.equals(wakeUp.jobId()) && "cancelled".equals(wakeUp.kind()))
                .next()
                .then();
    }

    /** Every wake-up. Hot: never completes. */
    Flux<JobWakeUp> wakeUps() {
        return wakeUps.asFlux();
    }

    /** How many followers, workers and streams listen now. */
    int listeners() {
        return wakeUps.currentSubscriberCount();
    }

    /** Wake-ups for one job, and the wake-ups for all jobs after a reconnect. Hot: never completes. */
    Flux<JobWakeUp> wakeUpsFor(UUID jobId) {
        return wakeUps.asFlux()
                .filter(wakeUp -> wakeUp.concerns(jobId));
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
                // Listening lasts as long as the application: a lost connection is reopened
                // for ever, with backoff capped at 10 s.
                .retryWhen(Reconnect.forever(log, "The " + CHANNEL + " listener", Duration.ofMillis(200), Duration.ofSeconds(10)))
                .subscribe(this::emit);
    }

    private Flux<JobWakeUp> listen(PostgresqlConnection connection) {
        return connection.createStatement("LISTEN " + CHANNEL)
                .execute()
                .flatMap(PostgresqlResult::getRowsUpdated)
                .thenMany(Flux.concat(
                        Mono.just(JobWakeUp.ALL),
                        connection.getNotifications()
                                .mapNotNull(notification -> parse(notification.getParameter()))));
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
            return new JobWakeUp(UUID.fromString(jobId.asString()), announcement.path("kind").asString(null),
                    announcement.path("owner").asString(null), batchId == null ? null : UUID.fromString(batchId),
                    Long.parseLong(announcement.path("txid").asString("0")));
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("Ignoring a notification on {} that is not an event announcement: {}", CHANNEL, payload);
            return null;
        }
    }

    private void emit(JobWakeUp wakeUp) {
        // directBestEffort drops only for a follower without demand; followers request unbounded
        wakeUps.tryEmitNext(wakeUp);
    }

    @Override
    public void stop() {
        Disposable current = listening;
        if (current != null) {
            current.dispose();
        }
        listening = null;
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }

    /**
     * Starts before the web server (phase {@code DEFAULT_PHASE - 2048}) takes streams, and
     * stops after it. Open streams are ended earlier, when the context starts closing
     * ({@link JobFeed}), so that graceful shutdown does not wait on them.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
