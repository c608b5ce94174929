package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.StoreTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The overlap after a rotation as PostgreSQL keeps it: the old secret signs until it expires, then only the new. */
@StoreTest
class WebhookSecretStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    WebhookSecretRepository secrets;

    @Autowired
    DatabaseClient db;

    String owner;

    @BeforeEach
    void owner() {
        owner = "secrets-" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() {
        db.sql("delete from webhook_secrets where owner = :owner")
                .bind("owner", owner)
                .then()
                .block(TIMEOUT);
    }

    @Test
    void afterTheOverlapOnlyTheNewSecretSigns() {
        String old =
                secrets.secret(owner, WebhookSecret.generate()).block(TIMEOUT).value();
        String fresh = WebhookSecret.generate();

        WebhookSecret rotated =
                secrets.replaceSecret(owner, fresh, Duration.ofMillis(500)).block(TIMEOUT);

        assertThat(rotated.value()).isEqualTo(fresh);
        assertThat(rotated.previous()).isEqualTo(old);
        assertThat(secrets.secret(owner, WebhookSecret.generate())
                        .block(TIMEOUT)
                        .previous())
                .isEqualTo(old);
        await().atMost(TIMEOUT)
                .until(() -> secrets.secret(owner, WebhookSecret.generate())
                                .block(TIMEOUT)
                                .previous()
                        == null);
        WebhookSecret after = secrets.secret(owner, WebhookSecret.generate()).block(TIMEOUT);
        assertThat(after.value()).isEqualTo(fresh);
        assertThat(after.previousExpiresAt()).isNull();
        assertThat(after.sign("msg_1", 1, new byte[0])).doesNotContain(" ");
    }

    @Test
    void withoutAnOverlapTheOldSecretSignsNothingMore() {
        secrets.secret(owner, WebhookSecret.generate()).block(TIMEOUT);

        WebhookSecret rotated = secrets.replaceSecret(owner, WebhookSecret.generate(), Duration.ZERO)
                .block(TIMEOUT);

        assertThat(rotated.previous()).isNull();
        assertThat(secrets.secret(owner, WebhookSecret.generate())
                        .block(TIMEOUT)
                        .previous())
                .isNull();
    }
}
