-- Two indexes on the jobs that wait to run were written on every insert and on the outbox
-- relay's dispatch mark, and read by no plan: jobs_due (run_at) has the same rows and the
-- same leading column as jobs_dispatch_due (run_at, dispatched_at), which the relay's scan
-- uses; and the relay ranks each owner's due jobs by sorting the rows that scan finds, not
-- by walking jobs_owner_due (EXPLAIN ANALYZE of its statement with 22,000 jobs due: a
-- bitmap scan of jobs_dispatch_due and a sort, with or without the two indexes). The
-- claims, the only other statements on waiting jobs, find them by id. Measured on PostgreSQL 15 with 80,000 jobs: inserting 20,000
-- queued jobs took 500-600 ms without them against 560-730 ms with them.
-- Dropping an index reads no rows: the lock it takes is held for moments.
drop index if exists jobs_due;
drop index if exists jobs_owner_due;
