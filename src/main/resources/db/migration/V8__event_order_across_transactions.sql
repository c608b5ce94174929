-- Streams of many jobs, and the events relay, go in transaction order (V5, V6). That is
-- not always a job's own order: a statement that changes many jobs takes its transaction
-- id at its first row, and may then wait for another job's row while a younger transaction
-- writes that job's event and commits; the older transaction then writes the job's next
-- event with the smaller id. Each job now carries the transaction of its newest event, and
-- each new event takes the newer of its own transaction and that one: a job's events are in
-- order by transaction too. An event is read only once every transaction up to its own has
-- ended (it is below pg_snapshot_xmin), so one stored with a younger id than its writer's is
-- still never read before it commits, and never appears behind a reader.
alter table jobs add column events_txid xid8;
