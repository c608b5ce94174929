-- Artifacts move to storage (jobstream.storage: PostgreSQL chunks or S3-compatible objects):
-- a row keeps where the bytes are, their size and SHA-256. Rows written before keep their
-- bytes in content and are still served from there, so artifacts of existing jobs keep
-- working; nothing is copied (a copy of every old artifact would make this migration as
-- slow as the table is large).
alter table job_artifacts
    add column storage_key text,
    add column bytes       bigint,
    add column sha256      text,
    alter column content drop not null,
    add constraint job_artifacts_content_somewhere
        check ((content is null) <> (storage_key is null)),
    add constraint job_artifacts_stored_has_size
        check (storage_key is null or (bytes is not null and sha256 is not null));
