package io.jobstream.external;

import io.jobstream.job.ExternalRuns;
import io.jobstream.job.JobStatus;
import io.jobstream.progress.JobEventNotifications;
import io.jobstream.system.BackgroundWorkProperties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Tells Kafka workers of cancels, which no heartbeat answer can carry to them: when a job of
 * a type delivered over Kafka that a worker held (it was offered) is cancelled, on whichever
 * instance and by whichever door (a job's cancel, a batch's), a {@code cancel} record goes to
 * the control topic. Every instance hears every cancel; the one that takes the job's notice
 * first (a conditional update, V23) sends it, so a worker gets it once (at least once: a
 * worker may still see it twice, say after a heartbeat on the cancelled job). A cancel missed
 * (the broker was away, the notification listener was reconnecting) still stops the worker
 * at its next report: a heartbeat is answered with a cancel, any other report with a
 * {@code rejected} record.
 */
@Component
class CancelAnnouncer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CancelAnnouncer.class);
    /** Cancels announced at once; a batch's cancel waits in the buffer meanwhile. */
    private static final int CONCURRENCY = 16;

    private static final int BUFFER = 100_000;

    private final JobEventNotifications notifications;
    private final ExternalRuns runs;
    private final JobTypeRegistry registry;
    private final WorkerControl control;
    private final boolean autoStartup;
    private volatile @Nullable Disposable running;

    CancelAnnouncer(
            JobEventNotifications notifications,
            ExternalRuns runs,
            JobTypeRegistry registry,
            WorkerControl control,
            BackgroundWorkProperties background) {
        this.notifications = notifications;
        this.runs = runs;
        this.registry = registry;
        this.control = control;
        this.autoStartup = background.enabled();
    }

    @Override
    public void start() {
        running = notifications
                .cancelledJobs()
                .onBackpressureBuffer(BUFFER)
                .flatMap(this::announce, CONCURRENCY)
                .subscribe();
    }

    private Mono<Void> announce(UUID id) {
        return runs.find(id)
                .filter(run -> run.tokenHash() != null && run.job().status() == JobStatus.CANCELLED)
                .filter(run -> registry.find(run.job().type())
                        .map(type -> type.delivery() == Delivery.KAFKA)
                        .orElse(false))
                .filterWhen(run -> runs.takeCancelNotice(id))
                .flatMap(run -> control.cancel(id)
                        .onErrorResume(error -> runs.returnCancelNotice(id).then(Mono.error(error))))
                .onErrorResume(error -> {
                    log.warn("Could not tell Kafka workers that job {} was cancelled: {}", id, error.toString());
                    return Mono.empty();
                });
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
