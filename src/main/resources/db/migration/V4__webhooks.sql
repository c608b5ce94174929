-- Signed webhooks: a job's subscription, each owner's signing secret, and one delivery per
-- subscribed event with its attempts. A trigger writes the delivery in the same transaction
-- (the same statement, even) as the event that causes it: there is never an event without
-- its delivery, nor a delivery without its event.

-- {"url": "https://…", "events": ["completed", …], "token": "…", "client_job_id": "…"};
-- token and client_job_id only when given; null: the job has no webhook
alter table jobs
    add column webhook jsonb,
    add constraint jobs_webhook_shape check (
        webhook is null
        or (jsonb_typeof(webhook -> 'url') = 'string'
            and jsonb_typeof(webhook -> 'events') = 'array'
            and jsonb_array_length(webhook -> 'events') > 0
            and (webhook -> 'events') <@ '["progress", "completed", "failed", "cancelled"]'::jsonb));

-- one signing secret per owner, Standard Webhooks format: whsec_ + base64 of the key
create table webhook_secrets (
    owner      text        primary key,
    secret     text        not null,
    created_at timestamptz not null,
    constraint webhook_secrets_format check (secret ~ '^whsec_[A-Za-z0-9+/]+={0,2}$')
);

create table webhook_deliveries (
    -- also the webhook-id header: the same for every attempt, so receivers de-duplicate on it
    id              uuid        primary key,
    job_id          uuid        not null,
    event_seq       integer     not null,
    phase           text        not null,
    status          text        not null,
    -- the JSON body as first sent: every retry and redelivery sends these very bytes
    body            text,
    -- attempts begun; also the claim number that fences the writes of one attempt
    attempts        integer     not null default 0,
    -- failed attempts since requested_at: the exponent of the backoff
    failures        integer     not null default 0,
    -- the event, or the last redeliver: retries end jobstream.webhooks.retry-for after it
    requested_at    timestamptz not null,
    -- when the next attempt is due; only while pending
    next_attempt_at timestamptz,
    -- an instance is sending it until then (or died doing so); null when nobody is
    claimed_until   timestamptz,
    created_at      timestamptz not null,
    completed_at    timestamptz,

    foreign key (job_id, event_seq) references job_events (job_id, seq) on delete cascade,
    constraint webhook_deliveries_one_per_event unique (job_id, event_seq),
    constraint webhook_deliveries_phase_known
        check (phase in ('progress', 'completed', 'failed', 'cancelled')),
    constraint webhook_deliveries_status_known
        check (status in ('pending', 'succeeded', 'failed')),
    constraint webhook_deliveries_pending_are_due
        check ((status = 'pending') = (next_attempt_at is not null)),
    constraint webhook_deliveries_finished_have_completed_at
        check ((status = 'pending') = (completed_at is null))
);

-- the relay's scan: only pending deliveries are indexed
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table webhook_delivery_attempts (
    delivery_id uuid        not null references webhook_deliveries (id) on delete cascade,
    number      integer     not null,
    started_at  timestamptz not null,
    duration_ms integer     not null,
    -- the receiver's answer; null when there was none (refused address, timeout, connection error)
    status_code integer,
    error       text,
    primary key (delivery_id, number),
    constraint webhook_delivery_attempts_say_what_happened check (status_code is not null or error is not null)
);

-- A delivery for every event the job's webhook subscribes to. An AFTER trigger runs inside
-- the statement that inserts the event, so the delivery commits or rolls back with it.
create function jobstream_record_webhook_delivery() returns trigger
    language plpgsql as
$$
begin
    insert into webhook_deliveries (id, job_id, event_seq, phase, status, requested_at, next_attempt_at, created_at)
    select gen_random_uuid(), new.job_id, new.seq, new.kind, 'pending', new.created_at, new.created_at, new.created_at
    from jobs
    where id = new.job_id
      and webhook -> 'events' ? new.kind;
    return null;
end;
$$;

create trigger job_events_webhook_delivery
    after insert on job_events
    for each row
execute function jobstream_record_webhook_delivery();
