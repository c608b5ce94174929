-- The events relay kept its place by marking every event it published (an UPDATE of each
-- event row, and a partial index to find the unmarked ones): during a burn-down that was
-- about a tenth of PostgreSQL's time. It now keeps one cursor: every event of a transaction
-- up to and including published_through has gone to the topic. The relay reads only
-- transactions older than every running one (pg_snapshot_xmin), where nothing new can
-- appear, so the cursor never passes an event that commits later.
create table event_relay (
    singleton         boolean primary key default true check (singleton),
    published_through xid8    not null
);

-- Start before the oldest transaction with an unpublished event, and before every
-- transaction still running (another instance may be writing events now). Events after the
-- cursor that were published already go out once more: the topic is at least once.
insert into event_relay (published_through)
select coalesce(max(txid), '0'::xid8)
from job_events
where txid < pg_snapshot_xmin(pg_current_snapshot())
  and txid < coalesce((select min(txid) from job_events where published_at is null),
                      pg_snapshot_xmin(pg_current_snapshot()));

drop index job_events_unpublished;
alter table job_events drop column published_at;
