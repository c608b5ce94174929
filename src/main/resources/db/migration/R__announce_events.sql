-- The current definition of the trigger that runs for every statement appending job
-- events (its history is in V1, V4, V5, V7 and V10; this file is where it is changed from
-- now on: Flyway runs a repeatable migration again whenever its text changes, after the
-- versioned ones). For the statement's new events it
--  * announces each one at commit on the channel jobstream_events, with its job, owner,
--    batch and transaction, so that a stream on any instance wakes for its own jobs only and
--    knows when the event becomes readable (V5); an owner too long for pg_notify's 8000-byte
--    payload is left out, and every stream then looks;
--  * writes the webhook delivery of each event the job's webhook subscribes to, inside the
--    same statement, so the two commit or roll back together (V4).
-- Once per statement, not per event: the statements that write events write many at once
-- (V7). Each event looks its job up by primary key: a lateral subquery with OFFSET 0 is
-- not flattened into a join, so a plan PL/pgSQL made for a statement of 1,000 events never
-- scans the whole jobs table for later small ones on the same connection (V10).
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

drop trigger if exists job_events_announce on job_events;
create trigger job_events_announce
    after insert on job_events
    referencing new table as new_events
    for each statement
execute function jobstream_announce_events();
