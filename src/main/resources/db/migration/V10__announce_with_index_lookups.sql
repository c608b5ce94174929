-- The announce trigger (V7) joined the statement's new events to jobs. PL/pgSQL plans each
-- of its queries once per connection, with the row count of the first statement's events,
-- and reuses that plan. A connection whose first events came from a batch of 1,000 jobs got
-- a hash join over a full scan of jobs, and kept scanning the whole table twice for every
-- later statement, also for one claim of 16 jobs: on PostgreSQL 15 with 80,000 jobs, 50 ms
-- for 16 events instead of well under 1 ms, growing with the table. Each event now looks
-- its job up by primary key, whatever the size of the first statement was: a lateral
-- subquery with OFFSET 0 is not flattened into a join, so it runs for each event on its own
-- and the planner has no join to turn into a scan of jobs.
create or replace function jobstream_announce_events() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('jobstream_events',
                      json_build_object('job_id', e.job_id, 'seq', e.seq, 'kind', e.kind,
                                        'owner', case when length(j.owner) <= 1000 then j.owner end,
                                        'batch_id', j.batch_id,
                                        'txid', e.txid::text)::text)
    from new_events e
         cross join lateral (select owner, batch_id from jobs where id = e.job_id offset 0) j
    order by e.job_id, e.seq;
    insert into webhook_deliveries (id, job_id, event_seq, phase, status, requested_at, next_attempt_at, created_at)
    select gen_random_uuid(), e.job_id, e.seq, e.kind, 'pending', e.created_at, e.created_at, e.created_at
    from new_events e
         cross join lateral (select webhook from jobs where id = e.job_id offset 0) j
    where j.webhook -> 'events' ? e.kind;
    return null;
end;
$$;
