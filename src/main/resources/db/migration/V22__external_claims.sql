-- Claims of external workers (POST /api/workers/claim). A worker proves each call with the
-- claim token it got; only the token's SHA-256 is stored (claimed_by is 'worker:' || hash, so
-- the attempt checks every write already makes hold for it). The hash is kept here too,
-- beyond claimed_by, because a cancel clears claimed_by: the worker's next heartbeat must
-- still be recognised and told to stop. It is replaced by the next claim, never cleared.
alter table jobs add column claim_token_hash text;

-- When the current attempt was claimed: external workers run no timer of ours, so the job
-- time limit of an attempt is checked against this by a periodic sweep (started_at is the
-- first attempt's start and stays).
alter table jobs add column claimed_at timestamptz;
