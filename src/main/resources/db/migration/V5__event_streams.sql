-- Streams over many jobs (all of an owner's jobs, one batch) need one order for events of
-- different jobs that a reader can resume from without a gap. A serial number is not
-- enough: numbers are taken before commit, so a reader could see 7 and resume after it
-- before 6 commits. Each event therefore records the transaction that wrote it; readers
-- read only below the oldest transaction still running (pg_snapshot_xmin of the current
-- snapshot), where nothing new can appear, in the order (txid, job_id, seq).
-- (V4 is left to the webhooks change, which is written beside this one.)

alter table job_events add column txid xid8 not null default pg_current_xact_id();

create index job_events_txid on job_events (txid, job_id, seq);

-- The announcement now says whose job it is, which batch, and which transaction, so a
-- stream wakes only for its own jobs and knows when an announced event becomes readable.
-- (An owner too long for the 8000-byte payload is left out: every stream then looks.)
-- The same trigger records the webhook delivery (V4), so that each event reads its job's
-- row once, not once per trigger.
drop trigger job_events_webhook_delivery on job_events;
drop function jobstream_record_webhook_delivery();

create or replace function jobstream_announce_event() returns trigger
    language plpgsql as
$$
declare
    job record;
begin
    select owner, batch_id, webhook into job from jobs where id = new.job_id;
    perform pg_notify('jobstream_events',
                      json_build_object('job_id', new.job_id, 'seq', new.seq, 'kind', new.kind,
                                        'owner', case when length(job.owner) <= 1000 then job.owner end,
                                        'batch_id', job.batch_id,
                                        'txid', new.txid::text)::text);
    if job.webhook -> 'events' ? new.kind then
        insert into webhook_deliveries (id, job_id, event_seq, phase, status, requested_at, next_attempt_at,
                                        created_at)
        values (gen_random_uuid(), new.job_id, new.seq, new.kind, 'pending', new.created_at, new.created_at,
                new.created_at);
    end if;
    return null;
end;
$$;
