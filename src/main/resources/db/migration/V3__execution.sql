-- Checkpoints: the output of every finished stage, so that a retry or a resume after a
-- crash starts at the first unfinished stage and does not redo the finished ones.
create table job_checkpoints (
    job_id      uuid        not null references jobs (id) on delete cascade,
    stage_index integer     not null,
    stage       text        not null,
    output      jsonb       not null,
    created_at  timestamptz not null,
    primary key (job_id, stage_index),
    constraint job_checkpoints_index_positive check (stage_index >= 0)
);

-- the relay's scan: live jobs that are due, dispatched or not
create index jobs_dispatch_due on jobs (run_at, dispatched_at) where status in ('queued', 'retrying');

-- The events topic's outbox: an event is published to Kafka once, in order, by whichever
-- instance holds the relay's advisory lock at the time.
alter table job_events add column published_at timestamptz;
create index job_events_unpublished on job_events (created_at, job_id, seq) where published_at is null;

-- the relay ranks each owner's due jobs
create index jobs_owner_due on jobs (owner, run_at, id) where status in ('queued', 'retrying');
