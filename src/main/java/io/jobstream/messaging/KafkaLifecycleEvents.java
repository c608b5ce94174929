package io.jobstream.messaging;

import io.jobstream.dispatch.LifecycleEvent;
import io.jobstream.dispatch.LifecycleEvents;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.json.JsonMapper;

/** The events topic: each event as snake_case JSON, keyed by job id (one job, one partition, in order). */
@Component
class KafkaLifecycleEvents implements LifecycleEvents {

    private final KafkaClients kafka;
    private final KafkaProperties properties;
    private final JsonMapper json;

    KafkaLifecycleEvents(KafkaClients kafka, KafkaProperties properties, JsonMapper json) {
        this.kafka = kafka;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Mono<Void> publish(List<LifecycleEvent> events) {
        return kafka.send(Flux.fromIterable(events).map(this::toRecord));
    }

    private SenderRecord<String, byte[], Long> toRecord(LifecycleEvent event) {
        var record =
                new ProducerRecord<>(properties.eventsTopic(), event.jobId().toString(), json.writeValueAsBytes(event));
        return SenderRecord.create(record, event.seq());
    }
}
