-- Working cases: what people record on a case (root cause, resolution,
-- first contact), escalation, the follow-up answer, and the unit a case
-- belongs to (kept on the case, so scoping and the queues need no join).

ALTER TABLE cases
    ADD COLUMN unit_id BIGINT REFERENCES units (id),
    ADD COLUMN root_cause TEXT,
    ADD COLUMN resolution TEXT,
    ADD COLUMN first_contact_at BIGINT,
    ADD COLUMN done_at BIGINT,
    ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN escalated_at BIGINT,
    ADD COLUMN follow_up_score INTEGER;
UPDATE cases SET unit_id = responses.unit_id FROM responses WHERE responses.id = cases.response_id;

CREATE INDEX cases_by_unit ON cases (org_id, unit_id, state);
-- The escalation sweep reads only cases that can still escalate.
CREATE INDEX cases_awaiting_contact ON cases (org_id, first_contact_due_at) WHERE state = 'new' AND escalation_level = 0;
CREATE INDEX cases_awaiting_resolution ON cases (org_id, resolve_due_at)
    WHERE state IN ('new', 'contacted') AND escalation_level < 2;

-- The overdue queue: open cases past a deadline, escalated or not (without
-- these PostgreSQL walks the cases newest first looking for the few overdue).
CREATE INDEX cases_new_by_contact_due ON cases (org_id, first_contact_due_at) WHERE state = 'new';
CREATE INDEX cases_open_by_resolve_due ON cases (org_id, resolve_due_at) WHERE state IN ('new', 'contacted');

-- Two more kinds of event, and how a contact was made.
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check CHECK (kind IN
    ('opened', 'note', 'contacted', 'resolved', 'closed', 'reassigned', 'escalated', 'follow_up'));
ALTER TABLE case_events ADD COLUMN via TEXT CHECK (via IN ('call', 'email', 'other'));
