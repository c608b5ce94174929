-- ANALYZE of jobs and job_events runs often on a busy service: every job writes its row
-- three times and appends several events, so autovacuum finds both tables changed again and
-- again. Each run sorted and compared every column of its 30,000-row sample, the JSON
-- documents and messages too, although no query filters, joins or sorts on them. Their
-- statistics are no longer gathered; the columns that queries and list sorts use keep
-- theirs. Measured on PostgreSQL 15, three runs each: ANALYZE of 80,000 jobs took
-- 370–420 ms before and 195–240 ms after, of their 320,000 events 165–175 ms and 85–99 ms.
-- (SET STATISTICS takes a lock that lets reads and writes go on.)
alter table jobs
    alter column payload set statistics 0,
    alter column result set statistics 0,
    alter column webhook set statistics 0,
    alter column error set statistics 0,
    alter column error_code set statistics 0,
    alter column progress_message set statistics 0,
    alter column progress_stage set statistics 0,
    alter column progress_percent set statistics 0,
    alter column request_hash set statistics 0,
    alter column retry_count set statistics 0,
    alter column last_event_seq set statistics 0,
    alter column total_documents set statistics 0,
    alter column processed_count set statistics 0,
    alter column failed_count set statistics 0,
    alter column original_job_id set statistics 0,
    alter column events_txid set statistics 0;

alter table job_events
    alter column kind set statistics 0,
    alter column status set statistics 0,
    alter column percent set statistics 0,
    alter column stage set statistics 0,
    alter column message set statistics 0,
    alter column error_code set statistics 0,
    alter column created_at set statistics 0;
