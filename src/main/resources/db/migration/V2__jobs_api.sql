-- The complete jobs API: batches, rerun lineage, idempotent submission, result types,
-- document counters and artifacts.

create table batches (
    id         uuid        primary key,
    owner      text        not null,
    name       text,
    -- as submitted; jobs deleted from history do not shrink it
    job_count  integer     not null,
    created_at timestamptz not null,
    constraint batches_job_count_positive check (job_count > 0)
);

alter table jobs
    add column batch_id        uuid references batches (id) on delete set null,
    -- a batch lists its jobs in the order they were submitted
    add column batch_position  integer,
    -- no foreign key: the original may be deleted from history, the lineage stays
    add column original_job_id uuid,
    add column idempotency_key text,
    add column request_hash    text,
    add column result_type     text,
    add column total_documents integer,
    add column processed_count integer,
    add column failed_count    integer,
    add constraint jobs_idempotency_has_hash
        check ((idempotency_key is null) = (request_hash is null)),
    add constraint jobs_document_counts
        check (processed_count is null or total_documents is null
               or processed_count + coalesce(failed_count, 0) <= total_documents);

-- one job per owner and key: the index itself decides races between identical requests
create unique index jobs_owner_idempotency_key on jobs (owner, idempotency_key) where idempotency_key is not null;
create index jobs_batch on jobs (batch_id, batch_position) where batch_id is not null;
create index jobs_owner_status on jobs (owner, status, created_at desc, id desc);
create index jobs_created on jobs (created_at desc, id desc);

create table job_artifacts (
    job_id       uuid        not null references jobs (id) on delete cascade,
    name         text        not null,
    content_type text        not null,
    content      bytea       not null,
    created_at   timestamptz not null,
    primary key (job_id, name),
    constraint job_artifacts_name_is_a_file_name check (name ~ '^[A-Za-z0-9._-]{1,200}$' and name not in ('.', '..'))
);
