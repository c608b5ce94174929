-- Events were announced (and their webhook deliveries recorded) by a row trigger: for every
-- event, a PL/pgSQL call that looked its job up on its own. The statements that write
-- events write many at once (a batch of submissions, a batch of claims or completions), so
-- the trigger now runs once per statement over the statement's new events, with one join
-- to their jobs. Announcements and deliveries are the same as before (V5).

create function jobstream_announce_events() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('jobstream_events',
                      json_build_object('job_id', e.job_id, 'seq', e.seq, 'kind', e.kind,
                                        'owner', case when length(j.owner) <= 1000 then j.owner end,
                                        'batch_id', j.batch_id,
                                        'txid', e.txid::text)::text)
    from new_events e join jobs j on j.id = e.job_id
    order by e.job_id, e.seq;
    insert into webhook_deliveries (id, job_id, event_seq, phase, status, requested_at, next_attempt_at, created_at)
    select gen_random_uuid(), e.job_id, e.seq, e.kind, 'pending', e.created_at, e.created_at, e.created_at
    from new_events e join jobs j on j.id = e.job_id
    where j.webhook -> 'events' ? e.kind;
    return null;
end;
$$;

drop trigger job_events_announce on job_events;
drop function jobstream_announce_event();

create trigger job_events_announce
    after insert on job_events
    referencing new table as new_events
    for each statement
execute function jobstream_announce_events();
