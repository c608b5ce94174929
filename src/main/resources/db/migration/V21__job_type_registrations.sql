-- Job types registered at run time (PUT /api/job-types/{name}), whose stages run in workers
-- outside the service. Every instance keeps them all in memory, so that a submission is
-- checked without a query: it reads the table at start, again on every change it hears of
-- (the trigger below announces each one on jobstream_job_types, on the listener connection
-- that also carries jobstream_events) and every few minutes in case it missed one.
-- A row is never deleted, only retired: jobs already submitted still run under it.
-- `revision` counts the changes of a row, so that an instance never replaces a newer
-- definition with an older one it read before the change committed.
create table job_type_registrations (
    name          text        primary key,
    definition    jsonb       not null,
    revision      bigint      not null,
    registered_by text        not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    retired_at    timestamptz,
    constraint job_type_registrations_name check (name ~ '^[a-z][a-z0-9_.-]{0,62}$'),
    constraint job_type_registrations_revision check (revision >= 1)
);

create function jobstream_announce_job_type() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('jobstream_job_types', new.name);
    return null;
end;
$$;

create trigger job_type_registrations_announce
    after insert or update on job_type_registrations
    for each row
execute function jobstream_announce_job_type();

-- A job of a registered type is run by a worker outside the service, which claims it: the
-- outbox relay never publishes a start command for it, and this service's own workers never
-- claim one. Set when the job is stored (a type is registered or built in for ever: a built-in
-- name cannot be registered). A constant default adds the column without rewriting the table.
alter table jobs add column external boolean not null default false;

-- The relay's scan of waiting jobs (V3) skips the external ones, which may wait long for
-- their workers and in numbers: its index holds only the jobs it may publish. Building it
-- reads the waiting jobs once (the queue, not the whole history); writes wait meanwhile.
drop index if exists jobs_dispatch_due;
create index jobs_dispatch_due on jobs (run_at, dispatched_at)
    where status in ('queued', 'retrying') and not external;

-- The claims of external workers: waiting jobs of the types a worker asks for, oldest first.
create index jobs_external_due on jobs (type, run_at, id)
    where status in ('queued', 'retrying') and external;
