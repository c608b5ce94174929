package io.jobstream.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The store against real PostgreSQL, with no background work: no worker claims a job, no
 * relay publishes or requeues one, so a test drives jobs through the store's statements by
 * hand. Every class with this annotation shares one application context (without a
 * running web server: a {@code WebTestClient} calls the API in process) on a database of
 * its own, beside the one of {@link JobstreamTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {"jobstream.background-work.enabled=false"})
@AutoConfigureWebTestClient
@Import(StoreTest.SeparateDatabase.class)
public @interface StoreTest {

    /** The database of store tests, on the same server as every other test's. */
    String DATABASE = "store_tests";

    /**
     * The other context ({@link JobstreamTest}) stays open beside this one, and its relays and
     * workers would take the jobs a store test leaves waiting: store tests get a database of
     * their own on the same server.
     */
    @TestConfiguration(proxyBeanMethods = false)
    class SeparateDatabase {

        @Bean
        static DynamicPropertyRegistrar storeTestDatabase() {
            return registry -> TestInfrastructure.applicationProperties(TestInfrastructure.separateDatabase(DATABASE))
                    .forEach((name, value) -> registry.add(name, () -> value));
        }
    }
}
