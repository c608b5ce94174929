package io.jobstream.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Points the application under test at {@link TestInfrastructure}'s real services. */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructureConfiguration {

    @Bean
    static DynamicPropertyRegistrar jobstreamInfrastructure() {
        return registry ->
                TestInfrastructure.applicationProperties().forEach((name, value) -> registry.add(name, () -> value));
    }
}
