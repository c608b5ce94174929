package io.jobstream.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The format of keys, their hash, and when a stored key is live and its use due to be written. */
class KeyMaterialTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aKeyIsItsPrefixPublicIdAndA256BitSecret() {
        KeyMaterial.Generated one = KeyMaterial.generate();
        KeyMaterial.Generated other = KeyMaterial.generate();

        assertThat(one.key()).matches("jsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(KeyMaterial.publicId(one.key())).contains(one.publicId());
        assertThat(one.key()).isNotEqualTo(other.key());
        assertThat(one.publicId()).isNotEqualTo(other.publicId());
        assertThat(one.toString()).doesNotContain(one.key().substring(21));
    }

    @Test
    void onlySomethingShapedLikeAKeyHasAPublicId() {
        String key = KeyMaterial.generate().key();
        for (String wrong :
                List.of("", "jsk_", key + "x", key.substring(1), key.replace("jsk_", "jsx_"), "eyJhbGciOi.x.y")) {
            assertThat(KeyMaterial.publicId(wrong)).as(wrong).isEmpty();
        }
    }

    @Test
    void theHashIsTheSha256OfTheWholeKey() {
        String key = KeyMaterial.generate().key();
        StoredKey stored = stored(KeyMaterial.hash(key), null, null);

        assertThat(KeyMaterial.hash(key)).hasSize(32);
        assertThat(stored.matches(KeyMaterial.hash(key))).isTrue();
        assertThat(stored.matches(KeyMaterial.hash(key.substring(0, key.length() - 1) + "x")))
                .isFalse();
    }

    @Test
    void aKeyIsLiveUntilItsExpiry() {
        assertThat(stored(new byte[32], null, null).liveAt(NOW)).isTrue();
        assertThat(stored(new byte[32], null, NOW.plusMillis(1)).liveAt(NOW)).isTrue();
        assertThat(stored(new byte[32], null, NOW).liveAt(NOW)).isFalse();
    }

    @Test
    void aUseIsDueOnlyWhenTheLastOneWrittenIsOlderThanThePrecision() {
        Duration minute = Duration.ofMinutes(1);
        assertThat(stored(new byte[32], null, null).useDueAt(NOW, minute)).isTrue();
        assertThat(stored(new byte[32], NOW.minusSeconds(59), null).useDueAt(NOW, minute))
                .isFalse();
        assertThat(stored(new byte[32], NOW.minusSeconds(60), null).useDueAt(NOW, minute))
                .isTrue();
    }

    @Test
    void aCreatedKeyPrintsWithoutItsSecret() {
        String key = KeyMaterial.generate().key();
        IssuedKey issued = new IssuedKey(stored(new byte[32], null, null).key(), key);
        assertThat(issued.toString()).doesNotContain(key.substring(21));
    }

    private static StoredKey stored(byte[] hash, Instant lastUsedAt, Instant expiresAt) {
        ApiKey key = new ApiKey(
                UUID.randomUUID(),
                "jsk_0123456789abcdef",
                "k",
                List.of("jobs:read"),
                NOW.minusSeconds(3600),
                lastUsedAt,
                expiresAt);
        return new StoredKey(key, "alice", hash);
    }
}
