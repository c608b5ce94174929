package io.jobstream.retention;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one lock of the cluster under which retention runs: a session-level advisory lock on a
 * connection of its own, opened outside the pool for the round and closed after it. Closing
 * the connection releases the lock, also when the instance dies mid-round (the server ends
 * the session), so no lease has to expire and no pooled connection goes back with it held.
 */
@Component
class RetentionLock {

    /** Any constant ("rete"): not one of the relays' transaction-level locks. */
    private static final long LOCK = 0x72657465L;

    private final ConnectionFactory connections;

    RetentionLock(R2dbcConnectionDetails database) {
        this.connections = ConnectionFactories.get(database.getConnectionFactoryOptions());
    }

    /** {@code work}, run while this instance holds the lock; empty at once if another holds it. */
    <T> Mono<T> ifFree(Mono<T> work) {
        return Mono.usingWhen(
                connections.create(),
                connection -> tryLock(connection).flatMap(locked -> locked ? work : Mono.<T>empty()),
                connection -> Mono.from(connection.close()));
    }

    private static Mono<Boolean> tryLock(Connection connection) {
        return Mono.from(connection
                        .createStatement("select pg_try_advisory_lock($1)")
                        .bind("$1", LOCK)
                        .execute())
                .flatMap(result -> Mono.from(result.map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))));
    }
}
