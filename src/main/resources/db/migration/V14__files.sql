-- Files uploaded through /api/files: who owns each and what it is. The bytes are in storage
-- (jobstream.storage.*) under storage_key; this row is what the API lists and what a job's
-- {"file_id": ...} names. Owned like jobs: a file is seen only by its owner (and admins).
create table files (
    id           uuid        primary key,
    owner        text        not null,
    -- the client's name without any path or control characters
    filename     text        not null,
    -- detected from the bytes, not taken from the client
    content_type text        not null,
    bytes        bigint      not null,
    sha256       text        not null,
    storage_key  text        not null unique,
    created_at   timestamptz not null,
    constraint files_not_empty check (bytes > 0),
    constraint files_filename_length check (char_length(filename) between 1 and 255)
);

-- An owner's list, newest first, paged by (created_at, id); also what the per-owner quota
-- sums over.
create index files_owner_created on files (owner, created_at desc, id desc) include (bytes);
