package io.jobstream.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code jobstream.kafka.properties.*} as an operator writes it (a properties file, command-line
 * arguments, environment variables) reaches every client jobstream builds, and never takes one
 * of jobstream's own settings.
 */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"key\" password=\"very-secret\";";

    @Test
    void operatorPropertiesReachProducersConsumersAndAdminClients() {
        KafkaProperties kafka = bind(Map.of(
                "jobstream.kafka.bootstrap-servers", "broker:9092",
                "jobstream.kafka.properties[security.protocol]", "SASL_SSL",
                "jobstream.kafka.properties[sasl.mechanism]", "PLAIN",
                "jobstream.kafka.properties[sasl.jaas.config]", JAAS,
                "jobstream.kafka.properties[request.timeout.ms]", "20000"));

        for (Map<String, Object> config : List.of(
                KafkaClientSettings.producer(kafka),
                KafkaClientSettings.consumer(kafka, "group"),
                KafkaClientSettings.admin(kafka))) {
            assertThat(config)
                    .containsEntry("bootstrap.servers", "broker:9092")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", JAAS);
        }
        assertThat(KafkaClientSettings.producer(kafka))
                .as("a tunable default gives way to the operator's value")
                .containsEntry("request.timeout.ms", "20000")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true);
        assertThat(KafkaClientSettings.consumer(kafka, "workers"))
                .containsEntry("group.id", "workers")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void keysWithDotsBindFromEnvironmentVariables() {
        KafkaProperties kafka = bindEnvironment(Map.of(
                "JOBSTREAM_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "JOBSTREAM_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                "JOBSTREAM_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                "JOBSTREAM_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", JAAS));

        assertThat(kafka.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void keysWithDotsBindWithoutBracketsFromPropertiesFiles() {
        KafkaProperties kafka = bind(Map.of(
                "jobstream.kafka.bootstrap-servers", "broker:9092",
                "jobstream.kafka.properties.sasl.jaas.config", JAAS,
                "jobstream.kafka.properties.ssl.truststore.type", "PEM"));

        assertThat(kafka.properties())
                .containsOnlyKeys("sasl.jaas.config", "ssl.truststore.type")
                .containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void kafkaListsPasswordsAsHidden() {
        KafkaProperties kafka = bind(Map.of(
                "jobstream.kafka.bootstrap-servers", "broker:9092",
                "jobstream.kafka.properties[sasl.jaas.config]", JAAS,
                "jobstream.kafka.properties[ssl.keystore.password]", "very-secret"));

        var config = new ProducerConfig(KafkaClientSettings.producer(kafka));

        assertThat(config.values().get("sasl.jaas.config")).hasToString("[hidden]");
        assertThat(config.values().get("ssl.keystore.password")).hasToString("[hidden]");
    }

    @Test
    void jobstreamsOwnSettingsAreRefusedByNameWithoutTheirValues() {
        assertThatThrownBy(() -> bind(Map.of(
                        "jobstream.kafka.bootstrap-servers", "broker:9092",
                        "jobstream.kafka.properties[group.id]", "mine",
                        "jobstream.kafka.properties[enable.auto.commit]", "true-ish",
                        "jobstream.kafka.properties[sasl.mechanism]", "PLAIN")))
                .rootCause()
                .hasMessageContaining("jobstream.kafka.properties may not set")
                .hasMessageContaining("group.id")
                .hasMessageContaining("enable.auto.commit")
                .hasMessageNotContaining("true-ish")
                .hasMessageNotContaining("sasl.mechanism");
    }

    @Test
    void theirTextNamesTheKeysButNoValue() {
        KafkaProperties kafka = bind(Map.of(
                "jobstream.kafka.bootstrap-servers",
                "broker:9092",
                "jobstream.kafka.properties[sasl.jaas.config]",
                JAAS));

        assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("very-secret");
    }

    private static KafkaProperties bind(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return bound(environment);
    }

    private static KafkaProperties bindEnvironment(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        // in place of the real variables: Spring maps names only in a source of this name
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return bound(environment);
    }

    private static KafkaProperties bound(StandardEnvironment environment) {
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment)
                .bind("jobstream.kafka", KafkaProperties.class)
                .get();
    }
}
