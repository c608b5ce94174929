-- The PostgreSQL storage backend (jobstream.storage.backend=postgres, the default): the bytes
-- of files and artifacts in this database, so that the dev stack, the tests and a small
-- deployment need nothing else to run, and every instance sees every object.
--
-- One row per object, its bytes in chunks of about 256 KB: a bytea row is read whole, so a
-- chunk is the most a read holds at once, and a range read fetches only the chunks it
-- overlaps. Larger chunks would mean fewer rows but more memory per concurrent download;
-- much smaller ones, more rows and statements per megabyte.
create table stored_objects (
    key          text        primary key,
    -- a new one on every put: a reader that started on the previous bytes finds no chunks of
    -- its version any more and fails, instead of mixing two versions of the object
    version      uuid        not null,
    content_type text        not null,
    bytes        bigint      not null,
    -- lower-case hex; written with bytes when the last chunk is in, in the same transaction
    sha256       text        not null,
    created_at   timestamptz not null,
    constraint stored_objects_bytes_not_negative check (bytes >= 0)
);

create table stored_chunks (
    key        text    not null references stored_objects (key) on delete cascade,
    version    uuid    not null,
    -- the offset of the chunk's first byte in the object: a range read finds its first chunk
    -- with one index lookup whatever the chunk size was when the object was written
    start_byte bigint  not null,
    data       bytea   not null,
    primary key (key, start_byte),
    constraint stored_chunks_start_not_negative check (start_byte >= 0)
);

-- The chunks are already compressed files more often than not (PDF, DOCX, images): TOAST's
-- compression would spend CPU on every write for little; store them as they are.
alter table stored_chunks alter column data set storage external;

-- Deleting a job deletes everything stored under its prefix (jobs/<id>/): a LIKE 'prefix%'
-- finds those keys through this index whatever the database's collation.
create index stored_objects_key_prefix on stored_objects (key text_pattern_ops);
