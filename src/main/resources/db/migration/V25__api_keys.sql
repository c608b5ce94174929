-- API keys (issue 20): long-lived credentials for backends, beside the OIDC tokens. The key is
-- jsk_<public_id>_<secret>; only a SHA-256 of the whole key is kept (the secret is 256 random
-- bits, so a fast hash is enough: there is nothing to guess, and no salt or stretching to pay
-- for on every request). Every request with a key reads its row by public_id (the unique
-- index): no cache, so a revocation (the row deleted) is in force on every instance at once.
create table api_keys (
    id           uuid        primary key,
    public_id    text        not null unique,
    owner        text        not null,
    name         text        not null,
    scopes       text[]      not null,
    key_hash     bytea       not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    -- at most about once a minute per key, written in batches off the request path
    last_used_at timestamptz,
    constraint api_keys_public_id_format check (public_id ~ '^[0-9a-f]{16}$'),
    constraint api_keys_name_length check (length(name) between 1 and 100),
    constraint api_keys_hash_length check (length(key_hash) = 32),
    constraint api_keys_scopes_present check (cardinality(scopes) > 0)
);

-- an owner's keys, newest first
create index api_keys_owner on api_keys (owner, created_at desc);
