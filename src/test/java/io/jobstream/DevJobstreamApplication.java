package io.jobstream;

import io.jobstream.bench.Benchmark;
import io.jobstream.support.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * The development stack, run by {@code ./mvnw spring-boot:test-run}: jobstream on port 8080
 * with a real PostgreSQL, a real Kafka broker and an OIDC issuer on port 8089, all started in
 * this process (or as Testcontainers where Docker runs). Lives in the test tree so the
 * broker and the database never reach the production jar. With {@code --benchmark} it runs
 * the benchmark instead ({@link Benchmark}), and the benchmark starts its stream clients
 * and its external workers' worker through it too: test-run wants exactly one main class here.
 */
public class DevJobstreamApplication {

    static final int ISSUER_PORT = 8089;

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--benchmark")) {
            Benchmark.run(args);
            return;
        }
        if (args.length > 0 && args[0].equals(Benchmark.STREAM_CLIENTS)) {
            Benchmark.streamClients(args);
            return;
        }
        if (args.length > 0 && args[0].equals(Benchmark.WORKER)) {
            Benchmark.worker(args);
            return;
        }
        TestInfrastructure.issuer(ISSUER_PORT);
        List<String> arguments = new ArrayList<>(List.of(args));
        TestInfrastructure.applicationProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        // webhooks to a receiver on this machine, which production refuses (a loopback address)
        arguments.add("--jobstream.webhooks.allowed-networks=127.0.0.0/8,::1/128");
        // documents by URL from a server on this machine, which production refuses too
        arguments.add("--jobstream.fetch.allowed-networks=127.0.0.0/8,::1/128");
        SpringApplication.from(JobstreamApplication::main).with(DevBanner.class).run(arguments.toArray(String[]::new));
    }

    /** Tells the newcomer where everything is once the service is up. */
    static class DevBanner implements ApplicationListener<ApplicationReadyEvent> {
        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
            System.out.printf(
                    """

                    ==== jobstream dev stack is up ====
                    Dashboard:        http://localhost:%s/  (sign in as any name; reader… is read-only, admin… an admin)
                    API:              http://localhost:%s/api/jobs
                    Kafka bootstrap:  %s
                    OIDC issuer:      %s
                    Get a token:      curl -s -X POST localhost:%d/default/token -d grant_type=client_credentials -d client_id=alice -d client_secret=x
                    ===================================

                    """,
                    port,
                    port,
                    TestInfrastructure.kafkaBootstrapServers(),
                    TestInfrastructure.issuerUri(),
                    ISSUER_PORT);
        }
    }
}
