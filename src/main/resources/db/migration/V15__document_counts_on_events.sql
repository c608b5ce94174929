-- Every event carries the job's document counts as they were at that event (null for jobs
-- without documents), so a stream, a webhook or the events topic shows processed_count and
-- failed_count moving without a second read of the job. Nullable columns without a default:
-- adding them rewrites no rows.
alter table job_events
    add column total_documents integer,
    add column processed_count integer,
    add column failed_count    integer;
