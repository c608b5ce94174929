-- Jobs and their append-only event log. The jobs table is also the dispatch outbox:
-- a job that is due and has dispatched_at null still needs a start command on Kafka.

create table jobs (
    id               uuid        primary key,
    owner            text        not null,
    type             text        not null,
    status           text        not null,
    payload          jsonb       not null,
    result           jsonb,
    error            text,
    error_code       text,
    progress_percent integer     not null default 0,
    progress_stage   text,
    progress_message text,
    retry_count      integer     not null default 0,
    attempts         integer     not null default 0,
    last_event_seq   integer     not null default 0,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    started_at       timestamptz,
    completed_at     timestamptz,
    run_at           timestamptz not null,
    dispatched_at    timestamptz,
    claimed_by       text,
    lease_expires_at timestamptz,

    constraint jobs_status_known
        check (status in ('queued', 'processing', 'retrying', 'completed', 'failed', 'cancelled')),
    constraint jobs_percent_range
        check (progress_percent between 0 and 100),
    -- finished jobs, and only they, carry a completion time
    constraint jobs_finished_have_completed_at
        check ((status in ('completed', 'failed', 'cancelled')) = (completed_at is not null)),
    -- a failed job always says why
    constraint jobs_failed_have_error_code
        check (status <> 'failed' or error_code is not null),
    -- a processing job is held by exactly one instance, under a lease; nothing else is
    constraint jobs_processing_is_claimed
        check ((status = 'processing') = (claimed_by is not null and lease_expires_at is not null)),
    constraint jobs_result_only_when_completed
        check (result is null or status = 'completed')
);

create index jobs_owner_created on jobs (owner, created_at desc, id desc);

-- the dispatcher's and the lease reaper's scans stay small: only live jobs are indexed
create index jobs_due on jobs (run_at) where status in ('queued', 'retrying');
create index jobs_leases on jobs (lease_expires_at) where status = 'processing';

create table job_events (
    job_id      uuid        not null references jobs (id) on delete cascade,
    seq         integer     not null,
    kind        text        not null,
    status      text        not null,
    percent     integer     not null,
    stage       text,
    message     text,
    error_code  text,
    created_at  timestamptz not null,

    primary key (job_id, seq),
    constraint job_events_kind_known
        check (kind in ('queued', 'started', 'progress', 'retrying', 'completed', 'failed', 'cancelled')),
    constraint job_events_status_known
        check (status in ('queued', 'processing', 'retrying', 'completed', 'failed', 'cancelled')),
    constraint job_events_seq_positive check (seq > 0),
    constraint job_events_percent_range check (percent between 0 and 100),
    -- keeps every notification far below pg_notify's 8000-byte limit
    constraint job_events_message_length check (length(message) <= 2000)
);

-- Every event is announced at commit to every instance (LISTEN jobstream_events), so a
-- stream on any instance sees events of jobs that run on another one.
create function jobstream_announce_event() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('jobstream_events',
                      json_build_object('job_id', new.job_id, 'seq', new.seq, 'kind', new.kind)::text);
    return null;
end;
$$;

create trigger job_events_announce
    after insert on job_events
    for each row
execute function jobstream_announce_event();
