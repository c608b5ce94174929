package io.jobstream.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code kafka} health component, part of readiness: UP while the brokers answer a
 * cluster description within {@link #TIMEOUT}. Without Kafka no start command, submission
 * or worker report moves; what is sent waits in the outboxes meanwhile.
 */
@Component
class KafkaHealthIndicator implements ReactiveHealthIndicator, DisposableBean {

    /** Brokers that do not answer within this are as good as down for new work. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final KafkaProperties properties;
    /** One client for every check, made at the first: it keeps its connection to the brokers. */
    private volatile @Nullable Admin admin;

    KafkaHealthIndicator(KafkaProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromCallable(this::admin)
                // creating the client resolves the bootstrap addresses: blocking, done once
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(this::describe)
                .timeout(TIMEOUT)
                .onErrorResume(failure -> Mono.just(Health.down(failure).build()));
    }

    private Mono<Health> describe(Admin client) {
        var cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        return Mono.fromCompletionStage(cluster.nodes().toCompletionStage())
                .map(nodes -> Health.up().withDetail("nodes", nodes.size()).build());
    }

    private synchronized Admin admin() {
        Admin current = admin;
        if (current == null) {
            // the same connection settings as the other clients (SASL, SSL: jobstream.kafka.properties)
            Map<String, Object> config = new HashMap<>(KafkaClientSettings.admin(properties));
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            current = Admin.create(config);
            admin = current;
        }
        return current;
    }

    @Override
    public void destroy() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(1));
        }
    }
}
