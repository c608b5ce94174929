package io.jobstream.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once a {@code jobstream.webhooks.secret-key} is set, encrypts the secrets still stored in
 * clear (written before V24 or without a key) when the instance has started. Until then they
 * are read as they are, so nothing waits for it; several instances doing it at once is harmless.
 */
@Component
class SecretEncryptionAtStartup {

    private static final Logger log = LoggerFactory.getLogger(SecretEncryptionAtStartup.class);

    private final WebhookSecretRepository secrets;

    SecretEncryptionAtStartup(WebhookSecretRepository secrets) {
        this.secrets = secrets;
    }

    @EventListener(ApplicationReadyEvent.class)
    void encryptSecretsStoredInClear() {
        secrets.encryptStoredInClear()
                .filter(count -> count > 0)
                .subscribe(
                        count -> log.info("Encrypted the webhook secrets of {} owner(s) stored in clear", count),
                        error -> log.warn(
                                "Could not encrypt the webhook secrets stored in clear: {}", error.toString()));
    }
}
