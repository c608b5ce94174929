package io.jobstream.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The write of a key's last use, which every instance may attempt: one within the precision,
 * whoever asks, so a busy key costs one write a minute however many instances see it.
 */
@JobstreamTest
class KeyUseRecordingTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyRepository keys;

    @Test
    void aKeysUseIsWrittenOncePerPrecision() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        UUID id = UUID.fromString(
                Keys.create(alice, "unused", List.of("jobs:read")).get("id").asString());
        UUID none = UUID.randomUUID();

        assertThat(keys.recordUses(List.of(id, none), Duration.ofMinutes(1)).block(ApiClient.TIMEOUT))
                .isEqualTo(1);
        // another instance's write of the same minute changes nothing
        assertThat(keys.recordUses(List.of(id), Duration.ofMinutes(1)).block(ApiClient.TIMEOUT))
                .isZero();
        assertThat(alice.getJson("/api/api-keys")
                        .get("api_keys")
                        .get(0)
                        .get("last_used_at")
                        .isNull())
                .isFalse();
        // once the precision has passed, the next use is written
        assertThat(keys.recordUses(List.of(id), Duration.ofMillis(1)).block(ApiClient.TIMEOUT))
                .isEqualTo(1);
    }
}
