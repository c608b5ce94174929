package io.jobstream.external;

import io.jobstream.jobtype.RegisteredJobType;
import io.jobstream.jobtype.RegisteredJobTypes;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.progress.JobTypeChange;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This instance's copy of every registration, compiled, which {@code JobTypes} reads on each
 * submission. Kept current three ways: the instance that saves a change puts it here before
 * it answers; every instance reads the table again when it hears a change announced (on the
 * one listener connection, {@link JobEventNotifications#jobTypeChanges}); and every
 * {@code reload-interval} in case it missed one. Registrations are never deleted and carry a
 * revision, so a copy only ever moves to newer revisions: a read that raced a change can never
 * take it back. Loaded before the API and the Kafka intake start.
 */
@Component
class RegisteredTypesSnapshot implements RegisteredJobTypes, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegisteredTypesSnapshot.class);
    private static final Duration FIRST_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final RegistrationRepository registrations;
    private final JobEventNotifications notifications;
    private final ExternalProperties properties;
    private final AtomicReference<Map<String, ExternalJobType>> types = new AtomicReference<>(Map.of());
    private volatile @Nullable Disposable following;

    RegisteredTypesSnapshot(
            RegistrationRepository registrations, JobEventNotifications notifications, ExternalProperties properties) {
        this.registrations = registrations;
        this.notifications = notifications;
        this.properties = properties;
    }

    @Override
    public Optional<RegisteredJobType> find(String name) {
        return Optional.ofNullable(types.get().get(name));
    }

    /** The type of that name as this instance knows it, retired or not. */
    Optional<ExternalJobType> external(String name) {
        return Optional.ofNullable(types.get().get(name));
    }

    /** Every registered type this instance knows, retired ones too (their jobs still run). */
    List<ExternalJobType> all() {
        return List.copyOf(types.get().values());
    }

    @Override
    public List<RegisteredJobType> inForce() {
        return types.get().values().stream()
                .filter(type -> !type.retired())
                .sorted(Comparator.comparing(ExternalJobType::name))
                .map(RegisteredJobType.class::cast)
                .toList();
    }

    /** Takes {@code type} unless this instance already has that revision of it or a newer one. */
    void put(ExternalJobType type) {
        types.updateAndGet(current -> {
            ExternalJobType known = current.get(type.name());
            if (known != null && known.revision() >= type.revision()) {
                return current;
            }
            Map<String, ExternalJobType> next = new HashMap<>(current);
            next.put(type.name(), type);
            return Map.copyOf(next);
        });
    }

    /** Reads every registration and takes those newer than what this instance has. */
    Mono<Void> reload() {
        return registrations
                .findAll()
                .filter(this::isNews)
                .concatMap(this::compiled)
                .doOnNext(this::put)
                .then();
    }

    private boolean isNews(Registration registration) {
        ExternalJobType known = types.get().get(registration.name());
        return known == null || known.revision() < registration.revision();
    }

    /** A stored definition the schema library no longer takes (after an upgrade, say) is logged and left out. */
    private Mono<ExternalJobType> compiled(Registration registration) {
        try {
            return Mono.just(ExternalJobType.of(registration));
        } catch (RuntimeException e) {
            log.error("The registered job type {} cannot be loaded: {}", registration.name(), e.getMessage());
            return Mono.empty();
        }
    }

    /**
     * Follows changes first, then reads the table, so that no change falls between the two.
     * Waiting for that first read is fine here: this is the application's start, and a
     * submission of a registered type must not be refused as unknown by an instance that has
     * just started.
     */
    @Override
    public void start() {
        following = Flux.merge(
                        notifications.jobTypeChanges(),
                        Flux.interval(properties.reloadInterval()).map(tick -> JobTypeChange.ALL))
                .onBackpressureLatest()
                .concatMap(change -> reload().onErrorResume(RegisteredTypesSnapshot::reloadFailed), 0)
                .subscribe();
        reload().block(FIRST_LOAD_TIMEOUT);
        log.info("{} registered job type(s) loaded", types.get().size());
    }

    private static Mono<Void> reloadFailed(Throwable error) {
        log.warn(
                "Could not reload the registered job types; the next change or reload tries again: {}",
                error.toString());
        return Mono.empty();
    }

    @Override
    public void stop() {
        Disposable current = following;
        if (current != null) {
            current.dispose();
        }
        following = null;
    }

    @Override
    public boolean isRunning() {
        return following != null;
    }

    /** After the listener ({@link JobEventNotifications}), before the Kafka intake and the web server. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4000;
    }
}
