package io.jobstream.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobstream.JobstreamApplication;
import io.jobstream.support.ApiClient;
import io.jobstream.support.SaslKafka;
import io.jobstream.support.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * jobstream against a broker that wants SASL/PLAIN, configured only through
 * {@code jobstream.kafka.properties.*}: with the right password a job submitted over REST
 * is dispatched, started and completed (the producer, the consumers and the admin client all
 * logged in); with a wrong one the broker refuses it and no job starts; a key jobstream owns
 * fails the start. The password is never in the output. Each instance has a database of its own, so no other context's workers take
 * its jobs.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredKafkaTest {

    private static final String WRONG_PASSWORD = "not-the-password-7d31";

    @Test
    void jobsRunWhenEveryClientLogsIn(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start("secured_kafka_tests", SaslKafka.PASSWORD)) {
            ApiClient alice = ApiClient.as("secured-kafka-" + UUID.randomUUID(), port(app));

            String id = alice.submit("demo", Map.of("stages", 2)).get("id").asString();

            alice.awaitStatus(id, "completed", Duration.ofSeconds(40));
        }
        assertThat(output.getAll())
                .as("Kafka's own listing of each client's configuration")
                .contains("sasl.jaas.config = [hidden]")
                .doesNotContain(SaslKafka.PASSWORD);
    }

    @Test
    void aWrongPasswordIsRefusedAndNoJobStarts(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start("secured_kafka_refused_tests", WRONG_PASSWORD)) {
            ApiClient alice = ApiClient.as("secured-kafka-" + UUID.randomUUID(), port(app));

            String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();

            await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("Authentication failed"));
            assertThat(alice.get(id).get("status").asString()).isEqualTo("queued");
        }
        assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void aKeyJobstreamOwnsFailsTheStartByNameAndNoSecretIsPrinted(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "secured_kafka_tests", SaslKafka.PASSWORD, Map.of("jobstream.kafka.properties[acks]", "0")))
                .hasStackTraceContaining("jobstream.kafka.properties may not set")
                .hasStackTraceContaining("acks");

        assertThat(output.getAll())
                .as("the start-up failure report")
                .contains("jobstream.kafka.properties may not set")
                .doesNotContain(SaslKafka.PASSWORD);
    }

    private static ConfigurableApplicationContext start(String database, String password) {
        return start(database, password, Map.of());
    }

    private static ConfigurableApplicationContext start(String database, String password, Map<String, String> more) {
        Map<String, String> properties =
                new HashMap<>(TestInfrastructure.applicationProperties(TestInfrastructure.separateDatabase(database)));
        properties.putAll(SaslKafka.applicationProperties(password));
        properties.put("server.port", "0");
        properties.put("jobstream.execution.instance-id", "secured-kafka-" + UUID.randomUUID());
        properties.put("jobstream.dispatch.interval", "100ms");
        properties.put("jobstream.kafka.session-timeout", "6s");
        // what operators see at INFO: Kafka lists every client's configuration as it starts
        properties.put("logging.level.org.apache.kafka.common.config.AbstractConfig", "info");
        properties.putAll(more);
        // as arguments: they must win over application.yaml, which mere default properties do not
        return new SpringApplicationBuilder(JobstreamApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
