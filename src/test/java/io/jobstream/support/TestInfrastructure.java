package io.jobstream.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real services the tests and the dev stack run against, started once per JVM and
 * shared by every application context:
 * <ul>
 *   <li>PostgreSQL: {@code JOBSTREAM_TEST_DB_URL} (+ {@code _USER}, {@code _PASSWORD}) if set,
 *       else a Testcontainers PostgreSQL 17 where a Docker engine runs, else zonky's embedded
 *       PostgreSQL 17 (which also runs as root);</li>
 *   <li>Kafka: a Testcontainers {@code apache/kafka} where Docker runs, else an in-process
 *       KRaft broker ({@link KafkaClusterTestKit});</li>
 *   <li>an OIDC issuer (mock-oauth2-server), in-process in both cases;</li>
 *   <li>S3-compatible object storage, started on first use ({@link #s3()}): a Testcontainers
 *       MinIO where Docker runs, else s3proxy in-process on jclouds' {@code transient}
 *       in-memory store.</li>
 * </ul>
 * {@code JOBSTREAM_TEST_DOCKER=false} skips the Docker probe.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    public static final String ISSUER_ID = "default";

    private static Database database;
    private static String kafkaBootstrapServers;
    private static MockOAuth2Server issuer;
    private static Boolean docker;
    private static S3Server s3;

    private TestInfrastructure() {}

    /** Connection facts of the test database. */
    public record Database(String host, int port, String name, String username, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /** A JDBC connection of its own, outside the application's pool; the caller closes it. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), username, password);
        }
    }

    public static synchronized Database database() {
        if (database == null) {
            database = startDatabase();
            log.info("Test PostgreSQL at {}", database.jdbcUrl());
        }
        return database;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            kafkaBootstrapServers = dockerAvailable() ? startKafkaContainer() : startKafkaInProcess();
            log.info("Test Kafka at {}", kafkaBootstrapServers);
        }
        return kafkaBootstrapServers;
    }

    /** Where the test S3 server listens and the credentials it accepts. */
    public record S3Server(String endpoint, String region, String accessKey, String secretKey) {

        /** Properties that make jobstream keep its files and artifacts in {@code bucket} on this server. */
        public Map<String, String> applicationProperties(String bucket) {
            return Map.of(
                    "jobstream.storage.backend", "s3",
                    "jobstream.storage.s3.endpoint", endpoint,
                    "jobstream.storage.s3.region", region,
                    "jobstream.storage.s3.bucket", bucket,
                    "jobstream.storage.s3.access-key", accessKey,
                    "jobstream.storage.s3.secret-key", secretKey,
                    "jobstream.storage.s3.create-bucket", "true");
        }
    }

    /** The S3-compatible server of the tests, started once per JVM on a random port. */
    public static synchronized S3Server s3() {
        if (s3 == null) {
            s3 = dockerAvailable() ? startMinioContainer() : startS3();
            log.info("Test S3 at {}", s3.endpoint());
        }
        return s3;
    }

    /** The OIDC issuer on a random port. */
    public static synchronized MockOAuth2Server issuer() {
        if (issuer == null) {
            issuer = startIssuer(0);
        }
        return issuer;
    }

    /** The OIDC issuer on a fixed port, for the dev stack; call before {@link #issuer()}. */
    public static synchronized MockOAuth2Server issuer(int port) {
        if (issuer == null) {
            issuer = startIssuer(port);
        }
        return issuer;
    }

    public static String issuerUri() {
        return issuer().issuerUrl(ISSUER_ID).toString();
    }

    /** Application properties that point jobstream at these services. */
    public static Map<String, String> applicationProperties() {
        return applicationProperties(database());
    }

    /**
     * A database of its own on the same server, created on first use: for an application
     * context whose jobs no other context's workers and relays may see ({@link StoreTest}).
     */
    public static synchronized Database separateDatabase(String name) {
        Database server = database();
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet found = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!found.next()) {
                    statement.execute("create database " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name, e);
        }
        return new Database(server.host(), server.port(), name, server.username(), server.password());
    }

    /** Application properties that point jobstream at {@code db} and the other services. */
    public static Map<String, String> applicationProperties(Database db) {
        return Map.of(
                "spring.r2dbc.url", db.r2dbcUrl(),
                "spring.r2dbc.username", db.username(),
                "spring.r2dbc.password", db.password(),
                "spring.flyway.url", db.jdbcUrl(),
                "spring.flyway.user", db.username(),
                "spring.flyway.password", db.password(),
                "jobstream.kafka.bootstrap-servers", kafkaBootstrapServers(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuerUri(),
                // webhook secrets encrypted at rest as in production, with one key for every context and
                // instance process on these databases (each must read the others' secrets)
                "jobstream.webhooks.secret-key", WEBHOOK_SECRET_KEY);
    }

    /** The AES key of {@code jobstream.webhooks.secret-key} in every test context (base64 of 32 bytes). */
    public static final String WEBHOOK_SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    static synchronized boolean dockerAvailable() {
        if (docker == null) {
            docker = !"false".equals(System.getenv("JOBSTREAM_TEST_DOCKER"))
                    && DockerClientFactory.instance().isDockerAvailable();
            log.info(
                    docker
                            ? "Docker found: tests use Testcontainers"
                            : "No Docker engine: tests use embedded PostgreSQL and an in-process Kafka broker");
        }
        return docker;
    }

    private static Database startDatabase() {
        String external = System.getenv("JOBSTREAM_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return externalDatabase(external);
        }
        if (dockerAvailable()) {
            // autovacuum every second, as below for the embedded one
            var container = new PostgreSQLContainer("postgres:17-alpine")
                    .withCommand("postgres", "-c", "fsync=off", "-c", "autovacuum_naptime=1s");
            container.start();
            return new Database(
                    container.getHost(),
                    container.getMappedPort(5432),
                    container.getDatabaseName(),
                    container.getUsername(),
                    container.getPassword());
        }
        try {
            // autovacuum looks every second, not every minute: a test run or a benchmark lives
            // about a minute, and a jobs table that is never vacuumed nor analyzed in it (dead
            // row versions, plans made for an empty table) is not the steady state of a service
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("autovacuum_naptime", "1s")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
            return new Database("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
        }
    }

    /** {@code JOBSTREAM_TEST_DB_URL=jdbc:postgresql://host:port/db}. */
    private static Database externalDatabase(String jdbcUrl) {
        var uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return new Database(
                uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(),
                uri.getPath().substring(1),
                System.getenv().getOrDefault("JOBSTREAM_TEST_DB_USER", "postgres"),
                System.getenv().getOrDefault("JOBSTREAM_TEST_DB_PASSWORD", "postgres"));
    }

    private static String startKafkaContainer() {
        var container = new KafkaContainer("apache/kafka:4.1.1");
        container.start();
        return container.getBootstrapServers();
    }

    private static String startKafkaInProcess() {
        // The broker shares this JVM: it must never end it (Kafka's fault handlers call
        // Exit.exit/halt, which would fail the test run with a non-zero exit code).
        Exit.setExitProcedure((status, message) -> log.warn("In-process Kafka asked to exit({}): {}", status, message));
        Exit.setHaltProcedure((status, message) -> log.warn("In-process Kafka asked to halt({}): {}", status, message));
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    // one broker: internal topics cannot have three replicas, or groups hang
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            // Not closed on purpose: its threads end with the JVM, and closing it from a
            // shutdown hook races the application contexts' own shutdown.
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-process Kafka broker", e);
        }
    }

    /** MinIO, the S3-compatible store of compose.yaml, where a Docker engine runs. */
    private static S3Server startMinioContainer() {
        var container = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");
        container.start();
        return new S3Server(container.getS3URL(), "us-east-1", container.getUserName(), container.getPassword());
    }

    /**
     * s3proxy speaks the S3 API (signature v4, multipart, ranges) over jclouds' in-memory
     * store: a real S3 server for the SDK without Docker. Its objects live as long as the JVM.
     */
    private static S3Server startS3() {
        String accessKey = "jobstream-test";
        String secretKey = "jobstream-test-secret";
        BlobStoreContext store = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .endpoint(java.net.URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            // Jetty's start returns once the connector listens
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start s3proxy", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(proxy::stop)));
        return new S3Server("http://127.0.0.1:" + proxy.getPort(), "us-east-1", accessKey, secretKey);
    }

    /**
     * Tokens from the token endpoint name jobstream as audience and carry the scopes asked
     * for ({@code -d scope="jobs:read jobs:write"}), or read and write when none are asked for.
     * The login page (the dashboard's authorization code flow) signs in any name: names
     * starting with {@code reader} get {@code jobs:read} only, with {@code admin} also
     * {@code jobs:admin}, any other read and write.
     */
    private static final String ISSUER_CONFIG = """
            {"interactiveLogin": true,
             "tokenCallbacks": [{"issuerId": "default", "tokenExpiry": 3600, "requestMappings": [
                {"requestParam": "scope", "match": "*",
                 "claims": {"sub": "${clientId}", "aud": ["jobstream"], "scope": "${scope}"}},
                {"requestParam": "subject", "match": "reader.*",
                 "claims": {"sub": "${subject}", "aud": ["jobstream"], "scope": "jobs:read"}},
                {"requestParam": "subject", "match": "admin.*",
                 "claims": {"sub": "${subject}", "aud": ["jobstream"], "scope": "jobs:read jobs:write jobs:admin"}},
                {"requestParam": "subject", "match": "*",
                 "claims": {"sub": "${subject}", "aud": ["jobstream"], "scope": "jobs:read jobs:write"}},
                {"requestParam": "grant_type", "match": "*",
                 "claims": {"sub": "${clientId}", "aud": ["jobstream"], "scope": "jobs:read jobs:write"}}]}]}
            """;

    private static MockOAuth2Server startIssuer(int port) {
        var server = new MockOAuth2Server(OAuth2Config.Companion.fromJson(ISSUER_CONFIG));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        return server;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Closing {} failed", closeable, e);
        }
    }
}
