-- The trace a job belongs to (OpenTelemetry): the W3C traceparent of the span that stored it (the
-- REST request or the Kafka record it came from). A job runs later and elsewhere, started by the
-- outbox relay from another thread or instance, and its webhooks are sent later still: the context
-- has to be stored with the job to be carried on. Null for jobs stored before; no index (it is
-- read with the row, never searched). A nullable column without default: no table rewrite; the
-- check is NOT VALID, so adding it does not scan the table (every row is null) under its lock, and
-- new rows are checked all the same.
alter table jobs
    add column traceparent text,
    add constraint jobs_traceparent_format
        check (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$') not valid;
