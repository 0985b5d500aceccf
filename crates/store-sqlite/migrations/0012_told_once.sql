-- Messages about one response go out once, whatever number of processes
-- evaluate it and however often its answer is edited.
--
-- A case's alert is queued in the transaction that opens the case, as a
-- `case_alert` job due a little later (the backstop): the evaluator tells
-- the owner at once and marks the backstop done; if it died between the two,
-- a worker sends the alert when the backstop falls due. The case keeps the
-- job's id so the evaluator finds it without searching payloads.
ALTER TABLE cases ADD COLUMN alert_job_id INTEGER;

-- Praise passed on, one row per response: the evaluator that inserts the
-- row tells the agent; an edited answer or a second process finds it there.
CREATE TABLE praise_told (
    response_id INTEGER PRIMARY KEY REFERENCES responses (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    told_at INTEGER NOT NULL
);

-- Open case pages follow changes to cases (`/live?cases=1`): each server
-- asks for the organisations whose cases changed since it last looked.
CREATE INDEX cases_by_update ON cases (updated_at);
