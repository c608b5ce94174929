-- Rotation with an overlap: the secret replaced by the last rotation keeps signing (beside the
-- new one) until previous_expires_at, so receivers can be switched without failed deliveries.
-- Secrets may now be stored encrypted (aesgcm: + base64 of nonce and ciphertext, with
-- jobstream.webhooks.secret-key); rows in clear (whsec_…) are encrypted at start-up once a key is set.
alter table webhook_secrets
    drop constraint webhook_secrets_format,
    add column previous_secret     text,
    add column previous_expires_at timestamptz,
    add constraint webhook_secrets_format check (secret ~ '^(whsec_|aesgcm:)[A-Za-z0-9+/]+={0,2}$'),
    add constraint webhook_secrets_previous_format
        check (previous_secret ~ '^(whsec_|aesgcm:)[A-Za-z0-9+/]+={0,2}$');
