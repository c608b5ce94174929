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
