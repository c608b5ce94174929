package io.jobstream.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.MicrometerConsumerListener;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * What every Kafka adapter shares: one idempotent producer (keys are strings, values
 * bytes), consumer settings with manual, in-order commits of acknowledged records, and the
 * creation of jobstream's topics.
 */
@Component
class KafkaClients implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaClients.class);

    /** Kafka down must not hold a caller for long: what was to be sent stays in its outbox. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(6);

    private final KafkaProperties properties;
    private final KafkaSender<String, byte[]> sender;
    private final MeterRegistry meters;
    private final Map<String, PartitionMeters> partitionMeters = new ConcurrentHashMap<>();
    private final MicrometerConsumerListener consumerMeters;

    KafkaClients(KafkaProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.consumerMeters = new MicrometerConsumerListener(meters);
        this.sender = KafkaSender.create(SenderOptions.create(KafkaClientSettings.producer(properties)));
    }

    /** Sends the records in order; fails if any fails (stopOnError) or the broker takes longer than SEND_TIMEOUT. */
    <T> Mono<Void> send(Publisher<SenderRecord<String, byte[], T>> records) {
        return sender.send(records).timeout(SEND_TIMEOUT).then();
    }

    /**
     * A consumer of {@code topic} in {@code group}. Only acknowledged records are committed;
     * acknowledgements may come out of order (jobs finish in any order), which deferred
     * commits turn into in-order commits.
     */
    ReceiverOptions<String, byte[]> receiver(String group, String topic) {
        PartitionMeters partitions = partitionMeters.computeIfAbsent(group, PartitionMeters::new);
        return ReceiverOptions.<String, byte[]>create(KafkaClientSettings.consumer(properties, group))
                .subscription(List.of(topic))
                .addAssignListener(assigned -> partitions.assigned.addAndGet(assigned.size()))
                .addRevokeListener(revoked -> {
                    partitions.assigned.addAndGet(-revoked.size());
                    partitions.revoked.increment(revoked.size());
                })
                // the client's own metrics (kafka.consumer.*: records-lag-max, fetch and commit rates),
                // bound to Micrometer through KafkaClientMetrics while the consumer lives
                .consumerListener(consumerMeters)
                .commitInterval(Duration.ofMillis(200))
                .maxDeferredCommits(1000);
    }

    /**
     * How many partitions of a group this instance holds, and how many it had taken away: a
     * worker that is full but healthy keeps its partitions, so revocations come only from
     * instances joining or leaving.
     */
    private final class PartitionMeters {
        final AtomicInteger assigned = new AtomicInteger();
        final Counter revoked;

        PartitionMeters(String group) {
            Gauge.builder("jobstream.kafka.partitions.assigned", assigned, AtomicInteger::get)
                    .description("Partitions this instance holds in a consumer group")
                    .tag("group", group)
                    .register(meters);
            revoked = Counter.builder("jobstream.kafka.partitions.revoked")
                    .description("Partitions taken from this instance by rebalances")
                    .tag("group", group)
                    .register(meters);
        }
    }

    /** Creates jobstream's topics that are missing; a blocking admin call, so off the event loops. */
    Mono<Void> ensureTopics() {
        return Mono.<Void>fromRunnable(this::createTopics).subscribeOn(Schedulers.boundedElastic());
    }

    /** Creates the topics of {@code names} that are missing (work topics, one per type, as types appear). */
    Mono<Void> ensureTopics(List<String> names) {
        return Mono.<Void>fromRunnable(() -> create(names.stream()
                        .map(name -> new NewTopic(name, properties.partitions(), properties.replicationFactor()))
                        .toList()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private void createTopics() {
        create(List.of(
                        properties.commandsTopic(),
                        properties.submissionsTopic(),
                        properties.deadLetterTopic(),
                        properties.eventsTopic(),
                        properties.workerReportsTopic(),
                        properties.workerReportsDeadLetterTopic(),
                        properties.workerControlTopic())
                .stream()
                .map(name -> new NewTopic(name, properties.partitions(), properties.replicationFactor()))
                .toList());
    }

    private void create(List<NewTopic> topics) {
        try (Admin admin = Admin.create(KafkaClientSettings.admin(properties))) {
            var result = admin.createTopics(topics);
            for (NewTopic topic : topics) {
                create(result.values().get(topic.name()), topic);
            }
        }
    }

    private static void create(org.apache.kafka.common.KafkaFuture<Void> creation, NewTopic topic) {
        try {
            creation.get(30, TimeUnit.SECONDS);
            log.info("Created Kafka topic {} with {} partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Kafka topic " + topic.name(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating topics", e);
        }
    }

    @Override
    public void destroy() {
        sender.close();
    }
}
