package io.jobstream.messaging;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Of the Kafka consumers' own metrics (about a hundred per consumer, some per partition),
 * the few an operator of jobstream reads: lag, progress, polling and rebalances. The rest
 * would triple the size of every scrape.
 */
@Component
class KafkaMeterFilter implements MeterFilter {

    private static final Set<String> KEPT = Set.of(
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.fetch.manager.records.lead.min",
            "kafka.consumer.fetch.manager.records.consumed.total",
            "kafka.consumer.last.poll.seconds.ago",
            "kafka.consumer.time.between.poll.max",
            "kafka.consumer.coordinator.commit.latency.max",
            "kafka.consumer.coordinator.rebalance.total",
            "kafka.consumer.coordinator.failed.rebalance.total",
            "kafka.consumer.connection.count");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String name = id.getName();
        if (!name.startsWith("kafka.")) {
            return MeterFilterReply.NEUTRAL;
        }
        return KEPT.contains(name) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }
}
