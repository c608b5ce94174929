package io.jobstream.messaging;

import io.jobstream.external.WorkOffer;
import io.jobstream.external.WorkOffers;
import io.jobstream.external.WorkerControl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * What jobstream writes for Kafka workers: offers on each type's work topic (created the first
 * time the type has one), keyed by job id with the header {@code jobstream-job-type}; and
 * cancels and rejected reports on the control topic, keyed by job id.
 */
@Component
class KafkaWorkOffers implements WorkOffers, WorkerControl {

    static final String TYPE_HEADER = "jobstream-job-type";

    private final KafkaClients kafka;
    private final KafkaProperties properties;
    private final JsonMapper json;
    /** Work topics known to exist, so that only a type's first offer asks the broker. */
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    KafkaWorkOffers(KafkaClients kafka, KafkaProperties properties, JsonMapper json) {
        this.kafka = kafka;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Mono<Void> offer(List<WorkOffer> offers) {
        List<String> missing = offers.stream()
                .map(offer -> topic(offer.type()))
                .distinct()
                .filter(topic -> !topics.contains(topic))
                .toList();
        Mono<Void> created = missing.isEmpty()
                ? Mono.empty()
                : kafka.ensureTopics(missing).doOnSuccess(done -> topics.addAll(missing));
        return created.then(kafka.send(Flux.fromIterable(offers).map(this::toRecord)));
    }

    private String topic(String type) {
        return properties.workTopicPrefix() + type;
    }

    private SenderRecord<String, byte[], UUID> toRecord(WorkOffer offer) {
        var record = new ProducerRecord<>(topic(offer.type()), offer.id().toString(), json.writeValueAsBytes(offer));
        record.headers().add(TYPE_HEADER, offer.type().getBytes(StandardCharsets.UTF_8));
        return SenderRecord.create(record, offer.id());
    }

    @Override
    public Mono<Void> cancel(UUID jobId) {
        return control(jobId, new Cancel("cancel", jobId));
    }

    @Override
    public Mono<Void> rejected(UUID jobId, String claimToken, String report, String reason) {
        return control(jobId, new Rejected("rejected", jobId, claimToken, report, reason));
    }

    private Mono<Void> control(UUID jobId, Object value) {
        var record =
                new ProducerRecord<>(properties.workerControlTopic(), jobId.toString(), json.writeValueAsBytes(value));
        return kafka.send(Mono.just(SenderRecord.create(record, jobId)));
    }

    /** {@code {"type": "cancel", "job_id": …}}. */
    record Cancel(String type, UUID jobId) {}

    /** {@code {"type": "rejected", "job_id": …, "claim_token": …, "report": …, "reason": …}}. */
    record Rejected(String type, UUID jobId, String claimToken, String report, String reason) {}
}
