package io.jobstream.messaging;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.kafka.*}: where the broker is and what the topics are called.
 *
 * @param bootstrapServers host:port list of the Kafka brokers
 * @param commandsTopic the topic that carries start commands to the workers
 * @param partitions partitions of topics jobstream creates; the ceiling on instances sharing the work
 * @param replicationFactor replication of topics jobstream creates
 * @param workerGroup the consumer group of all instances' workers
 * @param submissionsTopic the topic any producer may write job submissions to
 * @param deadLetterTopic where invalid submissions go, with the reason in a header
 * @param intakeGroup the consumer group of all instances' submission intake
 * @param eventsTopic every lifecycle event of every job, keyed by job id
 * @param sessionTimeout how long the group waits for a silent consumer (a killed instance)
 *     before its partitions move to the other instances, and with them the start commands
 *     waiting there; heartbeats go every third of it, every 3 s at most. At least the broker's
 *     {@code group.min.session.timeout.ms} (6 s unless changed)
 * @param maxPollInterval the longest a consumer may go without polling before the group
 *     takes its partitions; a full worker keeps polling (paused), so this is not its limit
 * @param workTopicPrefix the work topic of a type delivered over Kafka is this prefix and the
 *     type's name ({@code jobstream.work.acme.invoice-totals})
 * @param workerReportsTopic where Kafka workers write their reports
 * @param workerReportsDeadLetterTopic where malformed reports go, with the reason in a header
 * @param workerReportsGroup the consumer group of all instances' report intake
 * @param workerControlTopic where jobstream tells Kafka workers of cancels and rejected reports
 * @param properties Kafka client properties for every producer, consumer and admin client
 *     jobstream builds ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...); they
 *     override jobstream's tunable defaults, and the keys jobstream owns
 *     ({@link KafkaClientSettings#RESERVED}) are refused at start-up. Values may be secrets:
 *     {@link #toString()} names only the keys
 */
@Validated
@ConfigurationProperties("jobstream.kafka")
record KafkaProperties(
        @NotBlank String bootstrapServers,
        @DefaultValue("jobstream.commands") @NotBlank String commandsTopic,
        @DefaultValue("12") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("jobstream-workers") @NotBlank String workerGroup,
        @DefaultValue("jobstream.submissions") @NotBlank String submissionsTopic,
        @DefaultValue("jobstream.submissions.dlt") @NotBlank String deadLetterTopic,
        @DefaultValue("jobstream-intake") @NotBlank String intakeGroup,
        @DefaultValue("jobstream.events") @NotBlank String eventsTopic,
        @DefaultValue("10s") Duration sessionTimeout,
        @DefaultValue("5m") Duration maxPollInterval,
        @DefaultValue("jobstream.work.") @NotBlank String workTopicPrefix,
        @DefaultValue("jobstream.worker-reports") @NotBlank String workerReportsTopic,

        @DefaultValue("jobstream.worker-reports.dlt") @NotBlank
        String workerReportsDeadLetterTopic,

        @DefaultValue("jobstream-worker-reports") @NotBlank String workerReportsGroup,
        @DefaultValue("jobstream.worker-control") @NotBlank String workerControlTopic,
        @DefaultValue Map<String, String> properties) {

    KafkaProperties {
        properties = Map.copyOf(properties);
        KafkaClientSettings.check(properties);
    }

    @Override
    public String toString() {
        return "KafkaProperties[bootstrapServers=" + bootstrapServers + ", properties="
                + new TreeSet<>(properties.keySet()) + " (values hidden)]";
    }
}
