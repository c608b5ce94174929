-- Cancels told to Kafka workers (the control topic). Every instance hears of every cancel;
-- the one whose conditional update sets this first sends the control record, so that a
-- worker gets one cancel, not one per instance. Null until then; cleared again if the send
-- failed. Only jobs of Kafka-delivered types that a worker held ever get it.
alter table jobs add column worker_cancel_sent_at timestamptz;
