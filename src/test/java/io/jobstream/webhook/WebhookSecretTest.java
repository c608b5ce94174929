package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures as the Standard Webhooks specification computes them, and the backoff between attempts. */
class WebhookSecretTest {

    @Test
    void signatureMatchesTheStandardWebhooksExample() {
        var secret = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Instant.EPOCH);

        String signature = secret.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void generatedSecretsAre32RandomBytes() {
        String first = WebhookSecret.generate();
        String second = WebhookSecret.generate();

        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring("whsec_".length())))
                .hasSize(32);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        String value = WebhookSecret.generate();

        assertThat(new WebhookSecret(value, Instant.EPOCH).toString()).doesNotContain(value.substring(6));
    }

    @Test
    void duringAnOverlapTheHeaderCarriesASignatureWithEachSecret() {
        String current = WebhookSecret.generate();
        String previous = WebhookSecret.generate();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        String header = new WebhookSecret(
                        current, Instant.EPOCH, previous, Instant.now().plusSeconds(60))
                .sign("msg_1", 1614265330, body);

        assertThat(header.split(" "))
                .containsExactly(
                        new WebhookSecret(current, Instant.EPOCH).sign("msg_1", 1614265330, body),
                        new WebhookSecret(previous, Instant.EPOCH).sign("msg_1", 1614265330, body));
    }

    @Test
    void secretsAreSealedWithAesGcmAndOpenOnlyWithTheirKey() {
        var cipher = new SecretCipher(KEY);
        String secret = WebhookSecret.generate();

        String sealed = cipher.seal(secret);

        assertThat(sealed).startsWith("aesgcm:").doesNotContain(secret.substring(6));
        assertThat(cipher.seal(secret)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(cipher.open(sealed)).isEqualTo(secret);
        assertThat(cipher.open(secret))
                .as("stored in clear before a key was set")
                .isEqualTo(secret);
        assertThatThrownBy(() -> new SecretCipher(OTHER_KEY).open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jobstream.webhooks.secret-key");
        assertThatThrownBy(() -> new SecretCipher((String) null).open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not set");
        assertThat(new SecretCipher((String) null).seal(secret)).isEqualTo(secret);
    }

    @Test
    void aSecretKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> WebhookProperties.decodeKey("c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> WebhookProperties.decodeKey("not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookProperties.decodeKey(KEY)).hasSize(32);
    }

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String OTHER_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    @Test
    void backoffDoublesUpToItsMaximumWithTwentyPercentJitter() {
        var properties = new WebhookProperties(
                Duration.ofSeconds(1),
                16,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofHours(24),
                List.of(),
                Duration.ofHours(24),
                null);

        assertThat(properties.backoffAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.backoffAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(properties.backoffAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(40));
        assertThat(properties.backoffAfter(4, 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.backoffAfter(1000, 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.backoffAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(properties.backoffAfter(1, 0.999_999)).isEqualTo(Duration.ofSeconds(12));
    }
}
