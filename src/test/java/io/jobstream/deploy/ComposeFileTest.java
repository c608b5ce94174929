package io.jobstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml cannot be run here (no Docker engine), so this keeps it honest by reading:
 * it parses, names the five services, builds jobstream from the Dockerfile and configures it
 * through environment variables the application actually binds.
 */
class ComposeFileTest {

    static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked") // SnakeYAML yields untyped maps
    static void parse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
        services = (Map<String, Object>) compose.get("services");
    }

    @Test
    void namesPostgresKafkaMinioAnIssuerAndJobstream() {
        assertThat(services).containsOnlyKeys("postgres", "kafka", "minio", "oidc", "jobstream");
        assertThat((String) service("minio").get("image")).startsWith("minio/minio:");
        assertThat(service("postgres").get("image")).isEqualTo("postgres:17");
        assertThat((String) service("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) service("oidc").get("image")).contains("mock-oauth2-server");
    }

    @Test
    void kafkaRunsKraftWithOneNode() {
        Map<String, Object> env = environment("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo(1);
    }

    @Test
    void jobstreamIsBuiltFromThisRepositoryAndConfiguredByEnvironment() {
        assertThat(build("jobstream")).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile");
        assertThat(environment("jobstream"))
                .containsKeys(
                        "SPRING_R2DBC_URL",
                        "SPRING_R2DBC_USERNAME",
                        "SPRING_R2DBC_PASSWORD",
                        "SPRING_FLYWAY_URL",
                        "JOBSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                        "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI");
        assertThat((String) environment("jobstream").get("SPRING_R2DBC_URL"))
                .startsWith("r2dbc:postgresql://postgres:");
        assertThat((String) environment("jobstream").get("JOBSTREAM_KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo("kafka:9092");
    }

    @Test
    void jobstreamKeepsItsFilesInMinio() {
        Map<String, Object> env = environment("jobstream");
        assertThat(env.get("JOBSTREAM_STORAGE_BACKEND")).isEqualTo("s3");
        assertThat(env.get("JOBSTREAM_STORAGE_S3_ENDPOINT")).isEqualTo("http://minio:9000");
        assertThat(env.get("JOBSTREAM_STORAGE_S3_CREATE_BUCKET")).isEqualTo("true");
        assertThat(env)
                .containsKeys(
                        "JOBSTREAM_STORAGE_S3_BUCKET",
                        "JOBSTREAM_STORAGE_S3_ACCESS_KEY",
                        "JOBSTREAM_STORAGE_S3_SECRET_KEY");
        assertThat(environment("minio").get("MINIO_ROOT_USER")).isEqualTo(env.get("JOBSTREAM_STORAGE_S3_ACCESS_KEY"));
        assertThat(environment("minio").get("MINIO_ROOT_PASSWORD"))
                .isEqualTo(env.get("JOBSTREAM_STORAGE_S3_SECRET_KEY"));
    }

    @Test
    void everyVariableOfJobstreamBindsToAProperty() {
        assertThat(EnvironmentBindings.ofTheApplication()
                        .unbound(environment("jobstream").keySet()))
                .isEmpty();
    }

    @Test
    void dockerWaitsForTheShutdownBeforeKillingJobstream() {
        // compose's default is 10 s; the shutdown phase is 30 s (application.yaml)
        assertThat(DurationStyle.detectAndParse((String) service("jobstream").get("stop_grace_period")))
                .isGreaterThan(Duration.ofSeconds(30));
    }

    @SuppressWarnings("unchecked") // SnakeYAML yields untyped maps
    private static Map<String, Object> service(String name) {
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked") // SnakeYAML yields untyped maps
    private static Map<String, Object> build(String name) {
        return (Map<String, Object>) service(name).get("build");
    }

    @SuppressWarnings("unchecked") // SnakeYAML yields untyped maps
    private static Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }
}
