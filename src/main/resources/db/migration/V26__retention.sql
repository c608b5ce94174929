-- Retention (jobstream.retention.*): finished jobs are deleted some days after they finished,
-- uploaded files some days after their upload once no job names them.
--
-- The cleaner finds the finished jobs of one status, oldest finish first, a bounded batch at a
-- time: this index holds finished jobs only, so the jobs that wait or run (the hot rows) get no
-- entry, and a job gets its one entry when it finishes (that update moves the row to a new
-- version anyway: its status is indexed). Building it reads the table once; writes wait meanwhile.
create index jobs_finished on jobs (status, completed_at) where completed_at is not null;

-- The files of every owner by age: the cleaner walks the ones past the window in this order.
create index files_created on files (created_at, id);

-- Storage objects whose rows are gone: a job's prefix (jobs/<id>/, everything it stored) or a
-- file's key. Written in the transaction that deletes the rows, deleted once the objects are,
-- so a storage outage leaves work to retry, never rows that point at nothing nor objects that
-- nothing names.
create table retention_object_deletes (
    key        text        primary key,
    -- true: every object whose key starts with key; false: the one object
    prefix     boolean     not null,
    queued_at  timestamptz not null,
    -- failed tries, and when the next may be made
    failures   integer     not null default 0,
    not_before timestamptz not null,
    last_error text
);

create index retention_object_deletes_due on retention_object_deletes (not_before);
