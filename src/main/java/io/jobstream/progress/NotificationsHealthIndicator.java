package io.jobstream.progress;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code notifications} health component, part of readiness: DOWN while the instance's
 * {@code LISTEN} connection is lost (it reconnects by itself), because meanwhile its streams
 * show no other instance's events and its running jobs hear no cancellation.
 */
@Component
class NotificationsHealthIndicator implements ReactiveHealthIndicator {

    private final JobEventNotifications notifications;

    NotificationsHealthIndicator(JobEventNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public Mono<Health> health() {
        return Mono.just(
                notifications.connected()
                        ? Health.up().build()
                        : Health.down()
                                .withDetail("channel", JobEventNotifications.CHANNEL)
                                .build());
    }
}
