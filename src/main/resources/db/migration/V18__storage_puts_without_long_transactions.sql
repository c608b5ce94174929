-- A put to the PostgreSQL storage backend no longer runs in one transaction: each chunk is
-- written on its own, and only the switch to the new version is a (short) transaction. A
-- slow upload, which can take minutes, held a pooled connection for all that time, and a
-- few of them at once left none for the rest of the service.
--
-- Chunks are now written before their object row exists, under their own version: the
-- foreign key goes, and the version joins the primary key so that two puts of one key, or
-- a put while readers read the old bytes, never collide. Deletes remove chunks themselves.
alter table stored_chunks drop constraint stored_chunks_key_fkey;
alter table stored_chunks drop constraint stored_chunks_pkey;
alter table stored_chunks add primary key (key, version, start_byte);

-- Puts under way: a put that fails or is cancelled deletes its chunks at once; one whose
-- instance died leaves its row here, and the chunks it names are deleted once it is older
-- than jobstream.storage.abandoned-after.
create table stored_uploads (
    version    uuid        primary key,
    key        text        not null,
    started_at timestamptz not null
);

create index stored_uploads_started on stored_uploads (started_at);
