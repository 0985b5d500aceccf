-- The closed loop: alert rules as data, the evaluator's place in the
-- response changes, and cases with their events. Numbered 0007 (not 0006)
-- so it cannot collide with the job queue's migration, written at the same time.

-- An organisation's rules, kept whole as the validated `AlertRules` JSON.
-- No row: the default rule (every detractor) applies.
CREATE TABLE alert_rules (
    org_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    definition TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Responses with a change sequence up to `seq` were evaluated. In the
-- database, so a restart resumes and every process sharing it agrees.
CREATE TABLE alert_cursors (
    org_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    seq BIGINT NOT NULL
);

-- One case per response at most, whichever process opens it: UNIQUE.
-- `response_seq` is the response's change sequence the case last saw (an
-- edited answer has a newer one). `rules` is a JSON array of rule names.
CREATE TABLE cases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    response_id BIGINT NOT NULL UNIQUE REFERENCES responses (id),
    response_seq BIGINT NOT NULL,
    owner_id BIGINT REFERENCES users (id),
    routed_by TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('new', 'contacted', 'resolved', 'closed')),
    close_reason TEXT,
    rules TEXT NOT NULL,
    first_contact_due_at BIGINT NOT NULL,
    resolve_due_at BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (state <> 'closed' OR close_reason IS NOT NULL)
);
CREATE INDEX cases_by_owner ON cases (org_id, owner_id, state);

-- Every step of a case, with who took it (`actor_id` NULL for Vocal itself).
CREATE TABLE case_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    actor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'note', 'contacted', 'resolved', 'closed', 'reassigned')),
    text TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);

-- A drop rule compares an answer with the same contact's previous one.
CREATE INDEX responses_by_contact ON responses (org_id, contact_id, submitted_at);
