package io.jobstream.support;

import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second in-process Kafka broker, apart from {@link TestInfrastructure}'s, whose client
 * listener wants SASL/PLAIN (unencrypted: {@code SASL_PLAINTEXT}) and knows one user,
 * {@link #USER} with {@link #PASSWORD}; its controller listener stays plain. Started on the
 * first call, only by the tests that need it, and then kept for the JVM.
 */
public final class SaslKafka {

    public static final String USER = "jobstream-app";
    public static final String PASSWORD = "sasl-test-password-4b7e";

    private static final Logger log = LoggerFactory.getLogger(SaslKafka.class);
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String BROKER = "broker";
    private static final String BROKER_PASSWORD = "broker-secret";

    private static String bootstrapServers;

    private SaslKafka() {}

    /** host:port of the SASL listener. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
            log.info("Test Kafka with SASL/PLAIN at {}", bootstrapServers);
        }
        return bootstrapServers;
    }

    /** The client properties of {@link #USER} with {@code password}, as jobstream takes them. */
    public static Map<String, String> applicationProperties(String password) {
        return Map.of(
                "jobstream.kafka.bootstrap-servers",
                bootstrapServers(),
                "jobstream.kafka.properties[security.protocol]",
                "SASL_PLAINTEXT",
                "jobstream.kafka.properties[sasl.mechanism]",
                "PLAIN",
                "jobstream.kafka.properties[sasl.jaas.config]",
                LOGIN_MODULE + " required username=\"" + USER + "\" password=\"" + password + "\";");
    }

    private static String start() {
        Exit.setExitProcedure((status, message) -> log.warn("In-process Kafka asked to exit({}): {}", status, message));
        Exit.setHaltProcedure((status, message) -> log.warn("In-process Kafka asked to halt({}): {}", status, message));
        // The test kit writes a JAAS file of its own users and points this JVM's
        // java.security.auth.login.config at it; the listener's own JAAS config below wins over
        // it, and the system property is put back so that no other client of this JVM logs in
        // with the kit's users by accident.
        String loginConfig = System.getProperty("java.security.auth.login.config");
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                            .setControllerSecurityProtocol(SecurityProtocol.PLAINTEXT)
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // authentication is what is tested here, not ACLs: the kit's default
                    // authorizer would let only its own admin user in
                    .setConfigProp("authorizer.class.name", "")
                    // the broker talks to itself on this listener too, as BROKER
                    .setConfigProp(
                            "listener.name.external.plain.sasl.jaas.config",
                            LOGIN_MODULE + " required username=\"" + BROKER + "\" password=\"" + BROKER_PASSWORD
                                    + "\" user_" + BROKER + "=\"" + BROKER_PASSWORD + "\" user_" + USER + "=\""
                                    + PASSWORD + "\";")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-process Kafka broker with SASL", e);
        } finally {
            if (loginConfig == null) {
                System.clearProperty("java.security.auth.login.config");
            } else {
                System.setProperty("java.security.auth.login.config", loginConfig);
            }
        }
    }
}
