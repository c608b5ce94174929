package io.jobstream.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Encrypts webhook secrets at rest with AES-256-GCM under {@code jobstream.webhooks.secret-key}:
 * {@code aesgcm:} and the base64 of a random 12-byte nonce followed by the ciphertext and tag.
 * Without a key, secrets are stored as they are ({@code whsec_…}), as before V24; a stored
 * secret in clear is always read, so rows written before a key was set keep working.
 */
@Component
class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    static final String PREFIX = "aesgcm:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final @Nullable SecretKeySpec key;

    @Autowired
    SecretCipher(WebhookProperties properties) {
        this(properties.secretKey());
    }

    SecretCipher(@Nullable String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            key = null;
            log.warn("No jobstream.webhooks.secret-key set: webhook signing secrets are stored in clear");
        } else {
            key = new SecretKeySpec(WebhookProperties.decodeKey(base64Key), "AES");
        }
    }

    boolean encrypts() {
        return key != null;
    }

    /** The form to store: encrypted when there is a key, else as it is. */
    String seal(String secret) {
        if (key == null) {
            return secret;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, secret.getBytes(StandardCharsets.UTF_8));
        return PREFIX
                + Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                .put(nonce)
                                .put(sealed)
                                .array());
    }

    /** The secret from its stored form; one stored in clear is returned as it is. */
    @Nullable
    String open(@Nullable String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        if (key == null) {
            throw new IllegalStateException(
                    "A webhook secret is stored encrypted, but jobstream.webhooks.secret-key is not set");
        }
        byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        byte[] nonce = java.util.Arrays.copyOf(sealed, NONCE_BYTES);
        byte[] ciphertext = java.util.Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
        return new String(run(Cipher.DECRYPT_MODE, nonce, ciphertext), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot decrypt a webhook secret: is jobstream.webhooks.secret-key the key it was stored with?", e);
        }
    }
}
