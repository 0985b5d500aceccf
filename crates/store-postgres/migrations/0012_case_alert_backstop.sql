-- The alert of a case is queued in the transaction that opens the case, as
-- a `case_alert` job due a little later (the backstop): the evaluator tells
-- the owner at once and marks the backstop done; if it died between the two,
-- a worker sends the alert when the backstop falls due. The case keeps the
-- job's id so the evaluator finds it without searching payloads.
ALTER TABLE cases ADD COLUMN alert_job_id BIGINT;
