-- Working cases: what people record on a case (root cause, resolution,
-- first contact), escalation, the follow-up answer, and the unit a case
-- belongs to (kept on the case, so scoping and the queues need no join).

ALTER TABLE cases ADD COLUMN unit_id INTEGER REFERENCES units (id);
ALTER TABLE cases ADD COLUMN root_cause TEXT;
ALTER TABLE cases ADD COLUMN resolution TEXT;
ALTER TABLE cases ADD COLUMN first_contact_at INTEGER;
ALTER TABLE cases ADD COLUMN done_at INTEGER;
ALTER TABLE cases ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN escalated_at INTEGER;
ALTER TABLE cases ADD COLUMN follow_up_score INTEGER;
UPDATE cases SET unit_id = (SELECT unit_id FROM responses WHERE responses.id = cases.response_id);

CREATE INDEX cases_by_unit ON cases (org_id, unit_id, state);
-- The escalation sweep reads only cases that can still escalate.
CREATE INDEX cases_awaiting_contact ON cases (org_id, first_contact_due_at) WHERE state = 'new' AND escalation_level = 0;
CREATE INDEX cases_awaiting_resolution ON cases (org_id, resolve_due_at)
    WHERE state IN ('new', 'contacted') AND escalation_level < 2;

-- Two more kinds of event, and how a contact was made: SQLite cannot
-- change a CHECK in place, so the table is copied.
CREATE TABLE case_events_v2 (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'note', 'contacted', 'resolved', 'closed', 'reassigned',
                                       'escalated', 'follow_up')),
    text TEXT NOT NULL,
    via TEXT CHECK (via IN ('call', 'email', 'other'))
);
INSERT INTO case_events_v2 (id, org_id, case_id, at, actor_id, actor, kind, text)
    SELECT id, org_id, case_id, at, actor_id, actor, kind, text FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_v2 RENAME TO case_events;
CREATE INDEX case_events_by_case ON case_events (case_id, id);
-- The overdue queue: open cases past a deadline, escalated or not (without
-- these PostgreSQL walks the cases newest first looking for the few overdue).
CREATE INDEX cases_new_by_contact_due ON cases (org_id, first_contact_due_at) WHERE state = 'new';
CREATE INDEX cases_open_by_resolve_due ON cases (org_id, resolve_due_at) WHERE state IN ('new', 'contacted');

