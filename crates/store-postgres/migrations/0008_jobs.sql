-- The durable job queue: every message Vocal sends is a job that a worker
-- claims with a lease, runs, and marks done, failed (retried later) or dead
-- (out of attempts, kept for people to see and retry). See docs/jobs.md.
--
-- `run_at` is when the job may next be claimed: its due time while queued
-- or failed, and its lease's expiry while running, so a job whose worker
-- died becomes claimable again by the same index seek.
CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'dead')),
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL CHECK (max_attempts >= 1),
    run_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_expires_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The claim's seek: the next claimable job by due time. Done and dead jobs
-- are not in it, so a long history does not slow the claim.
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state IN ('queued', 'failed', 'running');
-- The admin page and `vocal jobs list`: an organisation's jobs, newest first.
CREATE INDEX jobs_by_org ON jobs (org_id, id);
