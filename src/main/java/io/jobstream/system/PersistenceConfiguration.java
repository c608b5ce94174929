package io.jobstream.system;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Repositories talk SQL through one {@link DatabaseClient}; Boot's R2DBC module does not make one. */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    @Bean
    DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
        return DatabaseClient.create(connectionFactory);
    }
}
